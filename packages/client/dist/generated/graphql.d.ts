/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends {
    [key: string]: unknown;
}> = {
    [K in keyof T]: T[K];
};
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | {
    [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never;
};
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AbsenceNoticeDecision = 'EXCUSED' | 'UNEXCUSED';
/** Why a family says a student is away. */
export type AbsenceNoticeReason = 'BEREAVEMENT' | 'COURT_APPEARANCE' | 'FAMILY_EMERGENCY' | 'ILLNESS' | 'MEDICAL_APPOINTMENT'
/** Anything else: the note says what. */
 | 'OTHER' | 'RELIGIOUS_OBSERVANCE';
export type AbsenceNoticeStatus = 
/** The school excused the absence. */
'EXCUSED'
/** Awaiting the school's review. */
 | 'PENDING'
/** The school did not excuse the absence. */
 | 'UNEXCUSED';
export type AcademicSubject = 'ENGLISH_LANGUAGE_ARTS' | 'FINE_AND_PERFORMING_ARTS' | 'MATHEMATICS' | 'PHYSICAL_HEALTH_AND_SAFETY_EDUCATION' | 'SCIENCE' | 'SOCIAL_STUDIES' | 'WORLD_LANGUAGES';
/** What an assessment is for: a diagnostic benchmark is not a pass/fail grade. */
export type AssessmentPurpose = 'DIAGNOSTIC' | 'FORMATIVE' | 'SUMMATIVE';
/** Ed-Fi AttendanceEventCategoryDescriptor. */
export type AttendanceEventCategory = 'EARLY_DEPARTURE' | 'EXCUSED_ABSENCE'
/** Recorded present: a tardy the office excused (a late bus), or away on a school activity. */
 | 'IN_ATTENDANCE'
/** Attended part of the day (or of the class): counts as half a day absent. */
 | 'PARTIAL' | 'TARDY' | 'UNEXCUSED_ABSENCE';
/** Ed-Fi BehaviorDescriptor: which rule the behaviour broke. */
export type BehaviorCategory = 'SCHOOL_CODE_OF_CONDUCT' | 'SCHOOL_VIOLATION' | 'STATE_OFFENSE';
/** Ed-Fi CalendarEventDescriptor: what a day is in a school's calendar. */
export type CalendarEvent = 
/** A shortened school day: students leave early or start late (Ed-Fi's Student late arrival/early dismissal). Attendance is taken. */
'EARLY_RELEASE' | 'HOLIDAY' | 'INSTRUCTIONAL_DAY'
/** A school day that makes up for one lost (to weather, say). */
 | 'MAKE_UP_DAY' | 'NON_INSTRUCTIONAL_DAY' | 'OTHER'
/** Staff work without students (preparation, professional development). */
 | 'TEACHER_ONLY_DAY'
/** School closed for the weather. */
 | 'WEATHER_DAY';
/** Ed-Fi ClassroomPositionDescriptor: a staff member's part in teaching a section. */
export type ClassroomPosition = 'ASSISTANT_TEACHER' | 'SUPPORT_TEACHER' | 'TEACHER_OF_RECORD';
export type DepositMealFundsInput = {
    /** Whole cents, from 1 to 50000 ($500.00) at a time. */
    amountCents: number;
    /** Chosen by the client for this deposit: 1 to 255 visible characters. Send the same key when retrying. */
    idempotencyKey: string;
    /** The payment provider's token, as for payFees. */
    paymentToken?: string | null | undefined;
    studentId: string | number;
};
/** Ed-Fi DisciplineDescriptor, mildest first. */
export type DisciplineActionType = 'DETENTION' | 'IN_SCHOOL_SUSPENSION' | 'OUT_OF_SCHOOL_SUSPENSION' | 'PARENT_CONFERENCE' | 'REMOVAL_FROM_CLASSROOM' | 'VERBAL_WARNING';
export type FeeCategory = 'ACTIVITY_FEE' | 'ATHLETICS' | 'COURSE_FEE' | 'FIELD_TRIP' | 'INSTRUMENT_RENTAL' | 'LIBRARY_FINE' | 'TECHNOLOGY_FEE';
export type GradeType = 'FINAL' | 'GRADING_PERIOD' | 'PROGRESS_REPORT' | 'SEMESTER';
export type GradebookEntryType = 'ASSIGNMENT' | 'CLASSROOM_ASSESSMENT' | 'HOMEWORK' | 'LAB' | 'PROJECT' | 'QUIZ' | 'UNIT_TEST';
/** The flags families see on a score. */
export type GradebookFlag = 'DROPPED' | 'EXEMPT' | 'INCOMPLETE' | 'LATE' | 'MISSING';
/** Ed-Fi IncidentLocationDescriptor. */
export type IncidentLocation = 'BUS_STOP' | 'CAFETERIA_AREA' | 'CLASSROOM' | 'GYMNASIUM' | 'HALLWAY_OR_STAIRS' | 'LIBRARY_MEDIA_CENTER' | 'ONLINE' | 'PARKING_LOT' | 'PLAYGROUND' | 'SCHOOL_BUS';
/** Ed-Fi DisciplineIncidentParticipationCodeDescriptor: the student's part in an incident. */
export type IncidentParticipation = 'PERPETRATOR' | 'REPORTER' | 'VICTIM' | 'WITNESS';
export type MarkAlertsReadInput = {
    /** The alerts to mark read (the viewer's own); leave out with `all: true`. */
    alertIds?: Array<string | number> | null | undefined;
    all?: boolean | null | undefined;
};
export type MarkThreadReadInput = {
    threadId: string | number;
};
export type MealTransactionKind = 'ADJUSTMENT' | 'DEPOSIT' | 'PURCHASE';
export type NotificationChannel = 'EMAIL'
/** The family app's notifications. */
 | 'PUSH' | 'SMS';
/** What an alert is about; each is on or off per channel. */
export type NotificationKind = 'ANNOUNCEMENT' | 'BEHAVIOUR_INCIDENT'
/** A section grade below the threshold the family set. */
 | 'GRADE_BELOW_THRESHOLD' | 'LOW_MEAL_BALANCE' | 'MISSING_WORK' | 'NEW_MESSAGE' | 'UNEXCUSED_ABSENCE';
export type NotificationKindPreferenceInput = {
    channels: Array<NotificationChannel>;
    kind: NotificationKind;
    /** GRADE_BELOW_THRESHOLD only, 1 to 100. */
    threshold?: number | null | undefined;
};
/** Who a participant is, in Ed-Fi's words: a guardian is a CONTACT. */
export type ParticipantRole = 'CONTACT' | 'STAFF' | 'STUDENT';
export type PayFeesInput = {
    /** Whole cents, at least 1 and no more than the named fees still owe together. */
    amountCents: number;
    /** The fees to pay: the student's own, each still owing something; at most 50, none twice. */
    feeIds: Array<string | number>;
    /** Chosen by the client for this payment: 1 to 255 visible characters (a UUID serves). Send the same key when retrying. */
    idempotencyKey: string;
    /**
     * The single-use token the payment provider's hosted fields returned for the family's card or
     * bank account. The development provider takes `tok_dev_ok` (and, to test, `tok_dev_decline`,
     * `tok_dev_fail_after_charge`, `tok_dev_unavailable`), and `tok_dev_ok` when none is sent.
     */
    paymentToken?: string | null | undefined;
    studentId: string | number;
};
export type PaymentKind = 
/** Money the family paid. */
'PAYMENT'
/** Money given back from a payment. */
 | 'REFUND';
export type PaymentMethod = 'CARD' | 'CASH' | 'CHECK' | 'ONLINE';
export type QuietHoursInput = {
    end: string;
    start: string;
};
/** Ed-Fi RecognitionTypeDescriptor. */
export type RecognitionType = 'CITIZENSHIP_AWARD' | 'COMMENDATION' | 'HONOR_ROLL' | 'PERFECT_ATTENDANCE' | 'STUDENT_OF_THE_MONTH';
export type RefundPaymentInput = {
    /** Whole cents to give back; all that is left of the payment when omitted. */
    amountCents?: number | null | undefined;
    /** Chosen by the client for this refund: 1 to 255 visible characters. Send the same key when retrying. */
    idempotencyKey: string;
    paymentId: string | number;
};
export type ReviewAbsenceNoticeInput = {
    decision: AbsenceNoticeDecision;
    noticeId: string | number;
};
export type Role = 'ADMIN' | 'GUARDIAN' | 'STUDENT' | 'TEACHER';
export type SchoolCategory = 'ELEMENTARY_SCHOOL' | 'HIGH_SCHOOL' | 'MIDDLE_SCHOOL';
export type ScoreStatus = 'EXEMPT' | 'FULLY_GRADED' | 'NOT_SUBMITTED' | 'PARTIALLY_GRADED' | 'SUBMITTED';
export type SendMessageInput = {
    /** The text, 1 to 5000 characters once blanks at either end are trimmed. */
    body: string;
    /** A new conversation from a teacher: the guardian to write to. */
    guardianId?: string | number | null | undefined;
    /** BCP 47 tag of the language the body is written in ('en', 'es', 'vi', …); the sender's preferred language when left out. */
    language?: string | null | undefined;
    /** A new conversation from a guardian: the member of staff to write to. */
    staffId?: string | number | null | undefined;
    /** The student the conversation is about. */
    studentId: string | number;
    /** A new conversation's subject, 1 to 200 characters on one line; the body's first line when left out. */
    subject?: string | null | undefined;
    /** A reply: the thread. Leave out `staffId`, `guardianId` and `subject`. */
    threadId?: string | number | null | undefined;
};
export type SetPreferredLanguageInput = {
    /** A BCP 47 tag of one of the district's languages: en, es, vi, so, ar. */
    language: string;
};
export type SetRecordSharingInput = {
    /** The contact (`RecordSharing.guardian.id`): one linked to the student. */
    guardianId: string | number;
    /** true to share the records with the contact, false to withdraw. */
    share: boolean;
};
export type SubmitAbsenceNoticeInput = {
    /** A school day (an instructional, make-up or early-release day) in the student's school calendar. */
    date: string;
    /** What the school should know, at most 500 characters once blanks at either end are trimmed; required when the reason is OTHER. */
    note?: string | null | undefined;
    reason: AbsenceNoticeReason;
    studentId: string | number;
};
/** Ed-Fi TransportationTypeDescriptor. */
export type TransportationType = 'GENERAL_PUBLIC_TRANSPORTATION'
/** Walkers and students whose family drives them. */
 | 'RESPONSIBLE_FOR_OWN_TRANSPORTATION' | 'SCHOOL_BUS' | 'SCHOOL_VAN_OR_SUV' | 'SPECIAL_NEEDS_BUS';
export type UpdateNotificationPreferencesInput = {
    kinds?: Array<NotificationKindPreferenceInput> | null | undefined;
    quietHours?: QuietHoursInput | null | undefined;
    smsOptIn?: boolean | null | undefined;
};
export type VoidFeeInput = {
    feeId: string | number;
    /** Why, for the record and the family: Charged in error, Trip cancelled, Book returned… (1 to 200 characters). */
    reason: string;
};
export type AccessLogQueryVariables = Exact<{
    studentId?: string | number | null | undefined;
    viewerId?: string | number | null | undefined;
    from?: string | null | undefined;
    to?: string | null | undefined;
    first?: number | null | undefined;
    after?: string | null | undefined;
}>;
export type AccessLogQuery = {
    accessLog: {
        endCursor: string | null;
        hasNextPage: boolean;
        nodes: Array<{
            id: string;
            occurredAt: string;
            studentId: string;
            operationName: string | null;
            areas: Array<string>;
            fields: Array<string>;
            viewer: {
                id: string;
                displayName: string | null;
                role: Role;
            };
        }>;
    } | null;
};
export type AdminSchoolsQueryVariables = Exact<{
    [key: string]: never;
}>;
export type AdminSchoolsQuery = {
    schools: Array<{
        id: string;
        name: string;
        category: SchoolCategory;
        categoryLabel: string;
        lowestGradeLevel: number;
        highestGradeLevel: number;
    }> | null;
};
export type AdminTermsQueryVariables = Exact<{
    [key: string]: never;
}>;
export type AdminTermsQuery = {
    terms: Array<{
        id: string;
        name: string;
        schoolYear: number;
        beginDate: string;
        endDate: string;
        gradingPeriods: Array<{
            id: string;
            name: string;
            beginDate: string;
            endDate: string;
        }>;
    }> | null;
};
export type AlertsQueryVariables = Exact<{
    first?: number | null | undefined;
    after?: string | number | null | undefined;
}>;
export type AlertsQuery = {
    me: {
        id: string;
        alerts: {
            unreadCount: number;
            endCursor: string | null;
            hasNextPage: boolean;
            alerts: Array<{
                id: string;
                kind: NotificationKind | null;
                title: string;
                body: string;
                language: string;
                createdAt: string;
                read: boolean;
                student: {
                    id: string;
                    firstName: string;
                } | null;
            }>;
        } | null;
    };
};
export type ChildDashboardQueryVariables = Exact<{
    studentId: string | number;
}>;
export type ChildDashboardQuery = {
    student: {
        id: string;
        firstName: string;
        lastName: string;
        gradeLevelName: string;
        school: {
            id: string;
            name: string;
            phone: string;
        };
        sections: Array<{
            section: {
                id: string;
                courseTitle: string;
                subjectLabel: string;
                period: number | null;
                room: string;
                gradebookUpdatedAt: string | null;
                teacher: {
                    id: string;
                    displayName: string;
                    email: string;
                } | null;
            };
            currentGrade: {
                letter: string;
                percent: number;
                asOf: string;
                gradeType: GradeType;
                gradeTypeLabel: string;
                gradingPeriod: string;
                gradingPeriodLabel: string;
                scoredItems: number;
                gradebookUpdatedAt: string | null;
                explanation: string;
                whatYouCanDo: {
                    text: string;
                    teacher: {
                        id: string;
                        displayName: string;
                    } | null;
                } | null;
            } | null;
        }>;
        missingWork: Array<{
            id: string;
            gradebookEntry: {
                title: string;
                dueDate: string;
                section: {
                    courseTitle: string;
                };
            };
            whatYouCanDo: {
                text: string;
                teacher: {
                    id: string;
                    displayName: string;
                } | null;
            } | null;
        }>;
        assignments: Array<{
            id: string;
            pointsEarned: number | null;
            percent: number | null;
            scoreStatus: ScoreStatus;
            scoreStatusLabel: string;
            countsTowardGrade: boolean;
            missing: boolean;
            late: boolean;
            incomplete: boolean;
            exempt: boolean;
            dropped: boolean;
            comment: string | null;
            gradebookEntry: {
                title: string;
                type: GradebookEntryType;
                typeLabel: string;
                purpose: AssessmentPurpose;
                purposeLabel: string;
                purposeExplanation: string;
                countsTowardGrade: boolean;
                category: string;
                categoryWeight: number;
                dueDate: string;
                maxPoints: number;
                gradingPeriod: {
                    id: string;
                    name: string;
                    label: string;
                };
            };
            flags: Array<{
                flag: GradebookFlag;
                label: string;
                explanation: string;
                affectsGrade: boolean;
            }>;
            whatYouCanDo: {
                text: string;
                teacher: {
                    id: string;
                    displayName: string;
                } | null;
            } | null;
        }>;
        schedule: Array<{
            period: number | null;
            room: string;
            section: {
                id: string;
                courseTitle: string;
            };
            teachers: Array<{
                position: ClassroomPosition;
                positionLabel: string;
                staff: {
                    displayName: string;
                };
            }>;
        }> | null;
        upcomingAssignments: Array<{
            id: string;
            title: string;
            type: GradebookEntryType;
            typeLabel: string;
            purpose: AssessmentPurpose;
            purposeLabel: string;
            purposeExplanation: string;
            countsTowardGrade: boolean;
            category: string;
            categoryWeight: number;
            dueDate: string;
            gradingPeriod: {
                id: string;
                name: string;
                label: string;
            };
            section: {
                courseTitle: string;
            };
        }> | null;
        calendar: Array<{
            date: string;
            event: CalendarEvent;
            eventLabel: string;
            schoolDay: boolean;
        }> | null;
        attendance: {
            asOfDate: string | null;
            rate: number | null;
            daysEnrolled: number;
            daysAbsent: number;
            totals: Array<{
                category: AttendanceEventCategory;
                categoryLabel: string;
                count: number;
            }>;
            chronicAbsence: {
                line: number;
                absentShare: number;
                isChronic: boolean;
                explanation: string;
                whatYouCanDo: string | null;
            } | null;
            recentEvents: Array<{
                date: string;
                category: AttendanceEventCategory;
                categoryLabel: string;
                reason: string | null;
                period: number | null;
                section: {
                    courseTitle: string;
                } | null;
            }>;
        } | null;
        absenceNotices: Array<{
            id: string;
            date: string;
            reason: AbsenceNoticeReason;
            reasonLabel: string;
            note: string | null;
            status: AbsenceNoticeStatus;
            statusLabel: string;
            submittedAt: string;
        }> | null;
        behaviour: {
            incidents: Array<{
                id: string;
                date: string;
                location: IncidentLocation;
                locationLabel: string;
                category: BehaviorCategory;
                categoryLabel: string;
                description: string;
                participation: IncidentParticipation;
                participationLabel: string;
                actions: Array<{
                    action: DisciplineActionType;
                    actionLabel: string;
                    whatItMeans: string;
                    date: string;
                    lengthDays: number | null;
                }>;
            }>;
            recognitions: Array<{
                id: string;
                type: RecognitionType;
                typeLabel: string;
                description: string;
                awardedDate: string;
                awardedBy: {
                    displayName: string;
                };
            }>;
        } | null;
        finance: {
            balanceDueCents: number | null;
            explanation: string | null;
            openFees: Array<{
                id: string;
                category: FeeCategory;
                categoryLabel: string;
                description: string;
                dueDate: string;
                dueCents: number;
            }> | null;
            mealAccount: {
                balanceCents: number;
                lowBalanceThresholdCents: number;
                isLow: boolean;
                explanation: string;
                recentTransactions: Array<{
                    occurredAt: string;
                    kind: MealTransactionKind;
                    kindLabel: string;
                    amountCents: number;
                    description: string;
                }>;
            } | null;
        } | null;
        messageThreads: Array<{
            id: string;
            subject: string;
            unreadCount: number;
            participants: Array<{
                displayName: string;
                role: ParticipantRole;
            }>;
            latestMessage: {
                body: string;
                language: string;
                sentAt: string;
                sender: {
                    displayName: string;
                };
            } | null;
        }> | null;
        announcements: Array<{
            id: string;
            title: string;
            publishedAt: string;
        }> | null;
        transportation: {
            transportationType: TransportationType;
            transportationTypeLabel: string;
            am: {
                busNumber: string;
                routeNumber: string;
                schoolArrivalTime: string | null;
                stop: {
                    name: string;
                    scheduledTime: string;
                };
            } | null;
            pm: {
                busNumber: string;
                routeNumber: string;
                schoolDepartureTime: string | null;
                stop: {
                    name: string;
                    scheduledTime: string;
                };
            } | null;
        } | null;
    } | null;
};
export type ChildDashboardStudentFragment = {
    id: string;
    firstName: string;
    lastName: string;
    gradeLevelName: string;
    school: {
        id: string;
        name: string;
        phone: string;
    };
    sections: Array<{
        section: {
            id: string;
            courseTitle: string;
            subjectLabel: string;
            period: number | null;
            room: string;
            gradebookUpdatedAt: string | null;
            teacher: {
                id: string;
                displayName: string;
                email: string;
            } | null;
        };
        currentGrade: {
            letter: string;
            percent: number;
            asOf: string;
            gradeType: GradeType;
            gradeTypeLabel: string;
            gradingPeriod: string;
            gradingPeriodLabel: string;
            scoredItems: number;
            gradebookUpdatedAt: string | null;
            explanation: string;
            whatYouCanDo: {
                text: string;
                teacher: {
                    id: string;
                    displayName: string;
                } | null;
            } | null;
        } | null;
    }>;
    missingWork: Array<{
        id: string;
        gradebookEntry: {
            title: string;
            dueDate: string;
            section: {
                courseTitle: string;
            };
        };
        whatYouCanDo: {
            text: string;
            teacher: {
                id: string;
                displayName: string;
            } | null;
        } | null;
    }>;
    assignments: Array<{
        id: string;
        pointsEarned: number | null;
        percent: number | null;
        scoreStatus: ScoreStatus;
        scoreStatusLabel: string;
        countsTowardGrade: boolean;
        missing: boolean;
        late: boolean;
        incomplete: boolean;
        exempt: boolean;
        dropped: boolean;
        comment: string | null;
        gradebookEntry: {
            title: string;
            type: GradebookEntryType;
            typeLabel: string;
            purpose: AssessmentPurpose;
            purposeLabel: string;
            purposeExplanation: string;
            countsTowardGrade: boolean;
            category: string;
            categoryWeight: number;
            dueDate: string;
            maxPoints: number;
            gradingPeriod: {
                id: string;
                name: string;
                label: string;
            };
        };
        flags: Array<{
            flag: GradebookFlag;
            label: string;
            explanation: string;
            affectsGrade: boolean;
        }>;
        whatYouCanDo: {
            text: string;
            teacher: {
                id: string;
                displayName: string;
            } | null;
        } | null;
    }>;
    schedule: Array<{
        period: number | null;
        room: string;
        section: {
            id: string;
            courseTitle: string;
        };
        teachers: Array<{
            position: ClassroomPosition;
            positionLabel: string;
            staff: {
                displayName: string;
            };
        }>;
    }> | null;
    upcomingAssignments: Array<{
        id: string;
        title: string;
        type: GradebookEntryType;
        typeLabel: string;
        purpose: AssessmentPurpose;
        purposeLabel: string;
        purposeExplanation: string;
        countsTowardGrade: boolean;
        category: string;
        categoryWeight: number;
        dueDate: string;
        gradingPeriod: {
            id: string;
            name: string;
            label: string;
        };
        section: {
            courseTitle: string;
        };
    }> | null;
    calendar: Array<{
        date: string;
        event: CalendarEvent;
        eventLabel: string;
        schoolDay: boolean;
    }> | null;
    attendance: {
        asOfDate: string | null;
        rate: number | null;
        daysEnrolled: number;
        daysAbsent: number;
        totals: Array<{
            category: AttendanceEventCategory;
            categoryLabel: string;
            count: number;
        }>;
        chronicAbsence: {
            line: number;
            absentShare: number;
            isChronic: boolean;
            explanation: string;
            whatYouCanDo: string | null;
        } | null;
        recentEvents: Array<{
            date: string;
            category: AttendanceEventCategory;
            categoryLabel: string;
            reason: string | null;
            period: number | null;
            section: {
                courseTitle: string;
            } | null;
        }>;
    } | null;
    absenceNotices: Array<{
        id: string;
        date: string;
        reason: AbsenceNoticeReason;
        reasonLabel: string;
        note: string | null;
        status: AbsenceNoticeStatus;
        statusLabel: string;
        submittedAt: string;
    }> | null;
    behaviour: {
        incidents: Array<{
            id: string;
            date: string;
            location: IncidentLocation;
            locationLabel: string;
            category: BehaviorCategory;
            categoryLabel: string;
            description: string;
            participation: IncidentParticipation;
            participationLabel: string;
            actions: Array<{
                action: DisciplineActionType;
                actionLabel: string;
                whatItMeans: string;
                date: string;
                lengthDays: number | null;
            }>;
        }>;
        recognitions: Array<{
            id: string;
            type: RecognitionType;
            typeLabel: string;
            description: string;
            awardedDate: string;
            awardedBy: {
                displayName: string;
            };
        }>;
    } | null;
    finance: {
        balanceDueCents: number | null;
        explanation: string | null;
        openFees: Array<{
            id: string;
            category: FeeCategory;
            categoryLabel: string;
            description: string;
            dueDate: string;
            dueCents: number;
        }> | null;
        mealAccount: {
            balanceCents: number;
            lowBalanceThresholdCents: number;
            isLow: boolean;
            explanation: string;
            recentTransactions: Array<{
                occurredAt: string;
                kind: MealTransactionKind;
                kindLabel: string;
                amountCents: number;
                description: string;
            }>;
        } | null;
    } | null;
    messageThreads: Array<{
        id: string;
        subject: string;
        unreadCount: number;
        participants: Array<{
            displayName: string;
            role: ParticipantRole;
        }>;
        latestMessage: {
            body: string;
            language: string;
            sentAt: string;
            sender: {
                displayName: string;
            };
        } | null;
    }> | null;
    announcements: Array<{
        id: string;
        title: string;
        publishedAt: string;
    }> | null;
    transportation: {
        transportationType: TransportationType;
        transportationTypeLabel: string;
        am: {
            busNumber: string;
            routeNumber: string;
            schoolArrivalTime: string | null;
            stop: {
                name: string;
                scheduledTime: string;
            };
        } | null;
        pm: {
            busNumber: string;
            routeNumber: string;
            schoolDepartureTime: string | null;
            stop: {
                name: string;
                scheduledTime: string;
            };
        } | null;
    } | null;
};
export type ChildFeesQueryVariables = Exact<{
    studentId: string | number;
}>;
export type ChildFeesQuery = {
    student: {
        id: string;
        finance: {
            balanceDueCents: number | null;
            surplusCents: number | null;
            explanation: string | null;
            openFees: Array<{
                id: string;
                category: FeeCategory;
                categoryLabel: string;
                description: string;
                dueDate: string;
                amountCents: number;
                paidCents: number;
                dueCents: number;
                exempt: boolean;
            }> | null;
        } | null;
    } | null;
};
export type ChildMessageThreadsQueryVariables = Exact<{
    studentId: string | number;
    limit?: number | null | undefined;
}>;
export type ChildMessageThreadsQuery = {
    student: {
        id: string;
        messageThreads: Array<{
            id: string;
            subject: string;
            createdAt: string;
            unreadCount: number;
            participants: Array<{
                displayName: string;
                role: ParticipantRole;
                isViewer: boolean;
            }>;
            messages: Array<{
                id: string;
                body: string;
                language: string;
                sentAt: string;
                sender: {
                    displayName: string;
                    role: ParticipantRole;
                    isViewer: boolean;
                };
            }>;
        }> | null;
    } | null;
};
export type ClassScheduleQueryVariables = Exact<{
    studentId: string | number;
    date?: string | null | undefined;
}>;
export type ClassScheduleQuery = {
    student: {
        id: string;
        firstName: string;
        schedule: Array<{
            date: string;
            period: number | null;
            room: string;
            section: {
                id: string;
                courseTitle: string;
                subject: AcademicSubject;
                subjectLabel: string;
            };
            teachers: Array<{
                position: ClassroomPosition;
                positionLabel: string;
                staff: {
                    id: string;
                    displayName: string;
                    email: string;
                };
            }>;
        }> | null;
    } | null;
};
export type DepositMealFundsMutationVariables = Exact<{
    input: DepositMealFundsInput;
}>;
export type DepositMealFundsMutation = {
    depositMealFunds: {
        balanceCents: number;
        lowBalanceThresholdCents: number;
        isLow: boolean;
        transaction: {
            id: string;
            occurredAt: string;
            kind: MealTransactionKind;
            amountCents: number;
            description: string;
        };
    } | null;
};
export type FamilyDashboardQueryVariables = Exact<{
    [key: string]: never;
}>;
export type FamilyDashboardQuery = {
    me: {
        id: string;
        displayName: string;
        role: Role;
        preferredLanguage: string;
        children: Array<{
            id: string;
            firstName: string;
            lastName: string;
            gradeLevelName: string;
            school: {
                id: string;
                name: string;
            };
            sections: Array<{
                section: {
                    id: string;
                    courseTitle: string;
                    subjectLabel: string;
                    gradebookUpdatedAt: string | null;
                    teacher: {
                        id: string;
                        displayName: string;
                    } | null;
                };
                currentGrade: {
                    letter: string;
                    percent: number;
                    asOf: string;
                    gradingPeriod: string;
                    gradingPeriodLabel: string;
                    explanation: string;
                    whatYouCanDo: {
                        text: string;
                    } | null;
                } | null;
            }>;
            missingWork: Array<{
                id: string;
                gradebookEntry: {
                    title: string;
                    dueDate: string;
                };
                whatYouCanDo: {
                    text: string;
                    teacher: {
                        id: string;
                        displayName: string;
                    } | null;
                } | null;
            }>;
            schedule: Array<{
                period: number | null;
                room: string;
                section: {
                    courseTitle: string;
                };
                teachers: Array<{
                    staff: {
                        displayName: string;
                    };
                }>;
            }> | null;
            upcomingAssignments: Array<{
                id: string;
                title: string;
                dueDate: string;
                section: {
                    courseTitle: string;
                };
            }> | null;
            calendar: Array<{
                date: string;
                event: CalendarEvent;
                eventLabel: string;
                schoolDay: boolean;
            }> | null;
            attendance: {
                rate: number | null;
                daysAbsent: number;
                chronicAbsence: {
                    isChronic: boolean;
                    explanation: string;
                    whatYouCanDo: string | null;
                } | null;
                recentEvents: Array<{
                    date: string;
                    category: AttendanceEventCategory;
                    categoryLabel: string;
                }>;
            } | null;
            absenceNotices: Array<{
                id: string;
                date: string;
                reason: AbsenceNoticeReason;
                reasonLabel: string;
                note: string | null;
                status: AbsenceNoticeStatus;
                statusLabel: string;
                submittedAt: string;
            }> | null;
            behaviour: {
                incidents: Array<{
                    id: string;
                    date: string;
                    participation: IncidentParticipation;
                    participationLabel: string;
                }>;
                recognitions: Array<{
                    id: string;
                    type: RecognitionType;
                    typeLabel: string;
                    awardedDate: string;
                }>;
            } | null;
            finance: {
                balanceDueCents: number | null;
                explanation: string | null;
                mealAccount: {
                    balanceCents: number;
                    isLow: boolean;
                    explanation: string;
                } | null;
            } | null;
            messageThreads: Array<{
                id: string;
                subject: string;
                unreadCount: number;
                latestMessage: {
                    body: string;
                    sentAt: string;
                } | null;
            }> | null;
            transportation: {
                am: {
                    busNumber: string;
                    stop: {
                        name: string;
                        scheduledTime: string;
                    };
                } | null;
                pm: {
                    busNumber: string;
                    stop: {
                        name: string;
                        scheduledTime: string;
                    };
                } | null;
            } | null;
        }>;
    };
};
export type FamilyDashboardChildFragment = {
    id: string;
    firstName: string;
    lastName: string;
    gradeLevelName: string;
    school: {
        id: string;
        name: string;
    };
    sections: Array<{
        section: {
            id: string;
            courseTitle: string;
            subjectLabel: string;
            gradebookUpdatedAt: string | null;
            teacher: {
                id: string;
                displayName: string;
            } | null;
        };
        currentGrade: {
            letter: string;
            percent: number;
            asOf: string;
            gradingPeriod: string;
            gradingPeriodLabel: string;
            explanation: string;
            whatYouCanDo: {
                text: string;
            } | null;
        } | null;
    }>;
    missingWork: Array<{
        id: string;
        gradebookEntry: {
            title: string;
            dueDate: string;
        };
        whatYouCanDo: {
            text: string;
            teacher: {
                id: string;
                displayName: string;
            } | null;
        } | null;
    }>;
    schedule: Array<{
        period: number | null;
        room: string;
        section: {
            courseTitle: string;
        };
        teachers: Array<{
            staff: {
                displayName: string;
            };
        }>;
    }> | null;
    upcomingAssignments: Array<{
        id: string;
        title: string;
        dueDate: string;
        section: {
            courseTitle: string;
        };
    }> | null;
    calendar: Array<{
        date: string;
        event: CalendarEvent;
        eventLabel: string;
        schoolDay: boolean;
    }> | null;
    attendance: {
        rate: number | null;
        daysAbsent: number;
        chronicAbsence: {
            isChronic: boolean;
            explanation: string;
            whatYouCanDo: string | null;
        } | null;
        recentEvents: Array<{
            date: string;
            category: AttendanceEventCategory;
            categoryLabel: string;
        }>;
    } | null;
    absenceNotices: Array<{
        id: string;
        date: string;
        reason: AbsenceNoticeReason;
        reasonLabel: string;
        note: string | null;
        status: AbsenceNoticeStatus;
        statusLabel: string;
        submittedAt: string;
    }> | null;
    behaviour: {
        incidents: Array<{
            id: string;
            date: string;
            participation: IncidentParticipation;
            participationLabel: string;
        }>;
        recognitions: Array<{
            id: string;
            type: RecognitionType;
            typeLabel: string;
            awardedDate: string;
        }>;
    } | null;
    finance: {
        balanceDueCents: number | null;
        explanation: string | null;
        mealAccount: {
            balanceCents: number;
            isLow: boolean;
            explanation: string;
        } | null;
    } | null;
    messageThreads: Array<{
        id: string;
        subject: string;
        unreadCount: number;
        latestMessage: {
            body: string;
            sentAt: string;
        } | null;
    }> | null;
    transportation: {
        am: {
            busNumber: string;
            stop: {
                name: string;
                scheduledTime: string;
            };
        } | null;
        pm: {
            busNumber: string;
            stop: {
                name: string;
                scheduledTime: string;
            };
        } | null;
    } | null;
};
export type MarkAlertsReadMutationVariables = Exact<{
    input: MarkAlertsReadInput;
}>;
export type MarkAlertsReadMutation = {
    markAlertsRead: {
        unreadCount: number;
        alerts: Array<{
            id: string;
            read: boolean;
        }>;
    } | null;
};
export type MarkThreadReadMutationVariables = Exact<{
    input: MarkThreadReadInput;
}>;
export type MarkThreadReadMutation = {
    markThreadRead: {
        thread: {
            id: string;
            unreadCount: number;
        };
    } | null;
};
export type MessageRecipientsQueryVariables = Exact<{
    studentId: string | number;
}>;
export type MessageRecipientsQuery = {
    student: {
        id: string;
        messageRecipients: Array<{
            id: string;
            displayName: string;
            role: ParticipantRole;
        }> | null;
    } | null;
};
export type NotificationSettingsQueryVariables = Exact<{
    [key: string]: never;
}>;
export type NotificationSettingsQuery = {
    me: {
        id: string;
        preferredLanguage: string;
        notificationPreferences: {
            smsOptedIn: boolean;
            kinds: Array<{
                kind: NotificationKind;
                channels: Array<NotificationChannel>;
                threshold: number | null;
            }>;
            quietHours: {
                start: string;
                end: string;
            } | null;
        } | null;
    };
};
export type PayFeesMutationVariables = Exact<{
    input: PayFeesInput;
}>;
export type PayFeesMutation = {
    payFees: {
        balanceDueCents: number;
        surplusCents: number;
        payment: {
            id: string;
            kind: PaymentKind;
            amountCents: number;
            method: PaymentMethod;
            receivedAt: string;
            reference: string | null;
            appliedCents: number;
            allocations: Array<{
                amountCents: number;
                fee: {
                    id: string;
                    description: string;
                };
            }>;
        };
        fees: Array<{
            id: string;
            category: FeeCategory;
            description: string;
            dueDate: string;
            amountCents: number;
            paidCents: number;
            dueCents: number;
            exempt: boolean;
        }>;
    } | null;
};
export type PendingAbsenceNoticesQueryVariables = Exact<{
    first?: number | null | undefined;
}>;
export type PendingAbsenceNoticesQuery = {
    pendingAbsenceNotices: Array<{
        id: string;
        date: string;
        reason: AbsenceNoticeReason;
        note: string | null;
        submittedAt: string;
        student: {
            id: string;
            displayName: string;
            gradeLevelName: string;
        } | null;
    }> | null;
};
export type PermissionAuditQueryVariables = Exact<{
    [key: string]: never;
}>;
export type PermissionAuditQuery = {
    permissionAudit: Array<{
        type: string;
        field: string;
        subgraphs: Array<string>;
        rule: string;
        guardian: string | null;
        student: string | null;
        teacher: string | null;
        admin: string | null;
    }> | null;
};
export type PortalUsageQueryVariables = Exact<{
    termId: string | number;
    schoolId?: string | number | null | undefined;
    first?: number | null | undefined;
    after?: string | null | undefined;
}>;
export type PortalUsageQuery = {
    portalUsage: {
        term: {
            name: string;
            families: number;
            signedIn: number;
            share: number;
        };
        quarters: Array<{
            name: string;
            beginDate: string;
            endDate: string;
            signedIn: number;
            share: number;
        }>;
        months: Array<{
            name: string;
            signedIn: number;
            share: number;
        }>;
        bySchool: Array<{
            key: string;
            name: string;
            families: number;
            share: number;
        }>;
        byLanguage: Array<{
            key: string;
            name: string;
            families: number;
            share: number;
        }>;
        neverSeen: {
            endCursor: string | null;
            hasNextPage: boolean;
            nodes: Array<{
                guardians: Array<{
                    contactId: string;
                    displayName: string;
                    preferredLanguage: string;
                    email: string;
                    phone: string;
                    lastSignedInOn: string | null;
                }>;
            }>;
        };
    } | null;
};
export type RecordSharingQueryVariables = Exact<{
    [key: string]: never;
}>;
export type RecordSharingQuery = {
    me: {
        id: string;
        recordSharing: Array<{
            shared: boolean;
            sharedSince: string | null;
            restricted: boolean;
            open: boolean;
            guardian: {
                id: string;
                displayName: string;
                relation: string;
            };
        }> | null;
    };
};
export type RefundPaymentMutationVariables = Exact<{
    input: RefundPaymentInput;
}>;
export type RefundPaymentMutation = {
    refundPayment: {
        balanceDueCents: number;
        surplusCents: number;
        refund: {
            id: string;
            kind: PaymentKind;
            amountCents: number;
            method: PaymentMethod;
            receivedAt: string;
            reference: string | null;
            refundedPaymentId: string | null;
            allocations: Array<{
                amountCents: number;
                fee: {
                    id: string;
                    description: string;
                };
            }>;
        };
        fees: Array<{
            id: string;
            description: string;
            amountCents: number;
            paidCents: number;
            dueCents: number;
        }>;
    } | null;
};
export type ReportCardQueryVariables = Exact<{
    studentId: string | number;
}>;
export type ReportCardQuery = {
    student: {
        id: string;
        firstName: string;
        lastName: string;
        gradeLevelName: string;
        school: {
            id: string;
            name: string;
        };
        gradeHistory: Array<{
            gradingPeriod: {
                id: string;
                name: string;
                label: string;
                beginDate: string;
                endDate: string;
            };
            grades: Array<{
                gradeType: GradeType;
                gradeTypeLabel: string;
                letter: string;
                percent: number;
                asOf: string;
                section: {
                    id: string;
                    courseTitle: string;
                    period: number | null;
                    teacher: {
                        displayName: string;
                    } | null;
                };
            }>;
        }> | null;
    } | null;
};
export type ReviewAbsenceNoticeMutationVariables = Exact<{
    input: ReviewAbsenceNoticeInput;
}>;
export type ReviewAbsenceNoticeMutation = {
    reviewAbsenceNotice: {
        notice: {
            id: string;
            date: string;
            status: AbsenceNoticeStatus;
            reviewedAt: string | null;
        };
        attendanceEvents: Array<{
            id: string;
            date: string;
            category: AttendanceEventCategory;
            reason: string | null;
            period: number | null;
            section: {
                id: string;
                courseTitle: string;
            } | null;
        }>;
    } | null;
};
export type SchoolCalendarQueryVariables = Exact<{
    studentId: string | number;
    from?: string | null | undefined;
    to?: string | null | undefined;
}>;
export type SchoolCalendarQuery = {
    student: {
        id: string;
        firstName: string;
        school: {
            id: string;
            name: string;
        };
        calendar: Array<{
            date: string;
            event: CalendarEvent;
            schoolDay: boolean;
        }> | null;
    } | null;
};
export type SearchStudentsQueryVariables = Exact<{
    query: string;
    first?: number | null | undefined;
}>;
export type SearchStudentsQuery = {
    searchStudents: Array<{
        id: string;
        studentUniqueId: string;
        displayName: string;
        gradeLevelName: string;
        school: {
            id: string;
            name: string;
        };
    }> | null;
};
export type SendMessageMutationVariables = Exact<{
    input: SendMessageInput;
}>;
export type SendMessageMutation = {
    sendMessage: {
        thread: {
            id: string;
            subject: string;
            createdAt: string;
            unreadCount: number;
            participants: Array<{
                displayName: string;
                role: ParticipantRole;
                isViewer: boolean;
            }>;
        };
        message: {
            id: string;
            body: string;
            language: string;
            sentAt: string;
            sender: {
                displayName: string;
                role: ParticipantRole;
                isViewer: boolean;
            };
        };
    } | null;
};
export type SetPreferredLanguageMutationVariables = Exact<{
    input: SetPreferredLanguageInput;
}>;
export type SetPreferredLanguageMutation = {
    setPreferredLanguage: {
        viewer: {
            id: string;
            preferredLanguage: string;
        };
    } | null;
};
export type SetRecordSharingMutationVariables = Exact<{
    input: SetRecordSharingInput;
}>;
export type SetRecordSharingMutation = {
    setRecordSharing: {
        recordSharing: {
            shared: boolean;
            sharedSince: string | null;
            restricted: boolean;
            open: boolean;
            guardian: {
                id: string;
                displayName: string;
                relation: string;
            };
        };
    } | null;
};
export type StaffInboxQueryVariables = Exact<{
    limit?: number | null | undefined;
}>;
export type StaffInboxQuery = {
    me: {
        id: string;
        inbox: Array<{
            id: string;
            subject: string;
            unreadCount: number;
            student: {
                id: string;
                displayName: string;
            } | null;
            participants: Array<{
                displayName: string;
                role: ParticipantRole;
                isViewer: boolean;
            }>;
            latestMessage: {
                id: string;
                body: string;
                language: string;
                sentAt: string;
                sender: {
                    displayName: string;
                    role: ParticipantRole;
                };
            } | null;
        }> | null;
    };
};
export type StudentPaymentsQueryVariables = Exact<{
    studentId: string | number;
    limit?: number | null | undefined;
}>;
export type StudentPaymentsQuery = {
    student: {
        id: string;
        finance: {
            balanceDueCents: number | null;
            surplusCents: number | null;
            recentPayments: Array<{
                id: string;
                kind: PaymentKind;
                amountCents: number;
                method: PaymentMethod;
                receivedAt: string;
                reference: string | null;
                appliedCents: number;
                refundedPaymentId: string | null;
                allocations: Array<{
                    amountCents: number;
                    fee: {
                        id: string;
                        category: FeeCategory;
                        description: string;
                        dueDate: string;
                        amountCents: number;
                        dueCents: number;
                    };
                }>;
            }> | null;
        } | null;
    } | null;
};
export type SubmitAbsenceNoticeMutationVariables = Exact<{
    input: SubmitAbsenceNoticeInput;
}>;
export type SubmitAbsenceNoticeMutation = {
    submitAbsenceNotice: {
        notice: {
            id: string;
            date: string;
            reason: AbsenceNoticeReason;
            note: string | null;
            status: AbsenceNoticeStatus;
            submittedAt: string;
        };
    } | null;
};
export type UpcomingAssignmentsQueryVariables = Exact<{
    studentId: string | number;
    days?: number | null | undefined;
    limit?: number | null | undefined;
}>;
export type UpcomingAssignmentsQuery = {
    student: {
        id: string;
        upcomingAssignments: Array<{
            id: string;
            title: string;
            type: GradebookEntryType;
            typeLabel: string;
            purpose: AssessmentPurpose;
            purposeLabel: string;
            category: string;
            categoryWeight: number;
            assignedDate: string;
            dueDate: string;
            maxPoints: number;
            section: {
                id: string;
                courseTitle: string;
            };
        }> | null;
    } | null;
};
export type UpdateNotificationPreferencesMutationVariables = Exact<{
    input: UpdateNotificationPreferencesInput;
}>;
export type UpdateNotificationPreferencesMutation = {
    updateNotificationPreferences: {
        notificationPreferences: {
            smsOptedIn: boolean;
            kinds: Array<{
                kind: NotificationKind;
                channels: Array<NotificationChannel>;
                threshold: number | null;
            }>;
            quietHours: {
                start: string;
                end: string;
            } | null;
        };
    } | null;
};
export type VoidFeeMutationVariables = Exact<{
    input: VoidFeeInput;
}>;
export type VoidFeeMutation = {
    voidFee: {
        balanceDueCents: number;
        surplusCents: number;
        fee: {
            id: string;
            description: string;
            amountCents: number;
            paidCents: number;
            dueCents: number;
            voidedAt: string | null;
            voidReason: string | null;
        };
    } | null;
};
export declare const ChildDashboardStudentFragmentDoc: DocumentNode<ChildDashboardStudentFragment, unknown>;
export declare const FamilyDashboardChildFragmentDoc: DocumentNode<FamilyDashboardChildFragment, unknown>;
export declare const AccessLogDocument: DocumentNode<AccessLogQuery, AccessLogQueryVariables>;
export declare const AdminSchoolsDocument: DocumentNode<AdminSchoolsQuery, AdminSchoolsQueryVariables>;
export declare const AdminTermsDocument: DocumentNode<AdminTermsQuery, AdminTermsQueryVariables>;
export declare const AlertsDocument: DocumentNode<AlertsQuery, AlertsQueryVariables>;
export declare const ChildDashboardDocument: DocumentNode<ChildDashboardQuery, ChildDashboardQueryVariables>;
export declare const ChildFeesDocument: DocumentNode<ChildFeesQuery, ChildFeesQueryVariables>;
export declare const ChildMessageThreadsDocument: DocumentNode<ChildMessageThreadsQuery, ChildMessageThreadsQueryVariables>;
export declare const ClassScheduleDocument: DocumentNode<ClassScheduleQuery, ClassScheduleQueryVariables>;
export declare const DepositMealFundsDocument: DocumentNode<DepositMealFundsMutation, DepositMealFundsMutationVariables>;
export declare const FamilyDashboardDocument: DocumentNode<FamilyDashboardQuery, FamilyDashboardQueryVariables>;
export declare const MarkAlertsReadDocument: DocumentNode<MarkAlertsReadMutation, MarkAlertsReadMutationVariables>;
export declare const MarkThreadReadDocument: DocumentNode<MarkThreadReadMutation, MarkThreadReadMutationVariables>;
export declare const MessageRecipientsDocument: DocumentNode<MessageRecipientsQuery, MessageRecipientsQueryVariables>;
export declare const NotificationSettingsDocument: DocumentNode<NotificationSettingsQuery, NotificationSettingsQueryVariables>;
export declare const PayFeesDocument: DocumentNode<PayFeesMutation, PayFeesMutationVariables>;
export declare const PendingAbsenceNoticesDocument: DocumentNode<PendingAbsenceNoticesQuery, PendingAbsenceNoticesQueryVariables>;
export declare const PermissionAuditDocument: DocumentNode<PermissionAuditQuery, PermissionAuditQueryVariables>;
export declare const PortalUsageDocument: DocumentNode<PortalUsageQuery, PortalUsageQueryVariables>;
export declare const RecordSharingDocument: DocumentNode<RecordSharingQuery, RecordSharingQueryVariables>;
export declare const RefundPaymentDocument: DocumentNode<RefundPaymentMutation, RefundPaymentMutationVariables>;
export declare const ReportCardDocument: DocumentNode<ReportCardQuery, ReportCardQueryVariables>;
export declare const ReviewAbsenceNoticeDocument: DocumentNode<ReviewAbsenceNoticeMutation, ReviewAbsenceNoticeMutationVariables>;
export declare const SchoolCalendarDocument: DocumentNode<SchoolCalendarQuery, SchoolCalendarQueryVariables>;
export declare const SearchStudentsDocument: DocumentNode<SearchStudentsQuery, SearchStudentsQueryVariables>;
export declare const SendMessageDocument: DocumentNode<SendMessageMutation, SendMessageMutationVariables>;
export declare const SetPreferredLanguageDocument: DocumentNode<SetPreferredLanguageMutation, SetPreferredLanguageMutationVariables>;
export declare const SetRecordSharingDocument: DocumentNode<SetRecordSharingMutation, SetRecordSharingMutationVariables>;
export declare const StaffInboxDocument: DocumentNode<StaffInboxQuery, StaffInboxQueryVariables>;
export declare const StudentPaymentsDocument: DocumentNode<StudentPaymentsQuery, StudentPaymentsQueryVariables>;
export declare const SubmitAbsenceNoticeDocument: DocumentNode<SubmitAbsenceNoticeMutation, SubmitAbsenceNoticeMutationVariables>;
export declare const UpcomingAssignmentsDocument: DocumentNode<UpcomingAssignmentsQuery, UpcomingAssignmentsQueryVariables>;
export declare const UpdateNotificationPreferencesDocument: DocumentNode<UpdateNotificationPreferencesMutation, UpdateNotificationPreferencesMutationVariables>;
export declare const VoidFeeDocument: DocumentNode<VoidFeeMutation, VoidFeeMutationVariables>;
export {};
