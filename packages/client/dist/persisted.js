/** The sha256 (hex) of a committed operation: its key in the trusted-document manifest. */
export function documentId(document) {
    const hash = document.__meta__?.hash;
    if (typeof hash !== 'string')
        throw new TypeError('This document carries no trusted-document hash: use one of the documents this package exports.');
    return hash.replace(/^sha256:/, '');
}
function operationNameOf(document) {
    const operation = document.definitions?.find((definition) => definition.kind === 'OperationDefinition');
    const name = operation?.name?.value;
    if (!name)
        throw new TypeError('This document has no named operation.');
    return name;
}
/**
 * The request body for `document`: its hash and its variables, type-checked against the operation.
 * `fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(persistedRequest(FamilyDashboardDocument)) })`
 */
export function persistedRequest(document, ...[variables]) {
    return {
        operationName: operationNameOf(document),
        ...(variables === undefined ? {} : { variables }),
        extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } },
    };
}
