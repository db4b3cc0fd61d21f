#!/usr/bin/env node
// A private Sigstore for the content-trust end-to-end tests: @sigstore/mock's Fulcio, Rekor and timestamp
// authority served over HTTP on a loopback port, with throwaway keys made at start, plus a keyless signer
// that produces the v0.3 bundles cosign v3 attaches to images. Nothing here reaches the network.
//
//   serve  --port N --out DIR            run the services until killed; DIR receives trusted_root.json,
//                                        fulcio-root.pem and rekor.pub, then "ready <url>" is printed
//   token  --identity ID --issuer ISS    print an (unsigned) OIDC ID token the mock Fulcio accepts
//   sign   --url URL --digest sha256:HEX --name REPO --identity ID --issuer ISS --out FILE
//                                        sign an in-toto statement about the image digest (DSSE, Rekor
//                                        dsse entry, RFC 3161 timestamp) and write the v0.3 bundle
//   verify --bundle FILE --trusted-root FILE --identity ID --issuer ISS --digest sha256:HEX
//                                        check a bundle offline with @sigstore/verify; exit 1 when it fails
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const IN_TOTO = 'application/vnd.in-toto+json';
const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new UsageError(`expected --name value pairs, got "${argv[i]}"`);
    }
    options[argv[i].slice(2)] = argv[i + 1];
  }
  return options;
}

class UsageError extends Error {}

function required(options, ...names) {
  for (const name of names) {
    if (!options[name]) throw new UsageError(`--${name} is required`);
  }
  return options;
}

// ---------- tokens ----------

function base64UrlJson(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

// The mock Fulcio reads the claims without checking a signature: `sub` becomes the certificate's URI SAN and
// `iss` its issuer extensions. containers/image also parses it unverified and proves possession of `sub`.
function mintToken(identity, issuer) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', typ: 'JWT' };
  const claims = { iss: issuer, sub: identity, aud: 'sigstore', iat: now, nbf: now, exp: now + 900 };
  return `${base64UrlJson(header)}.${base64UrlJson(claims)}.${Buffer.from('not-signed').toString('base64url')}`;
}

// ---------- services ----------

function newEcKeyPair() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function asBuffer(view) {
  return Buffer.isBuffer(view) ? view : Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest();
}

function pem(label, der) {
  const lines = asBuffer(der).toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

// Rekor v1 keeps a dsse entry in its canonical form: hashes of the envelope and payload plus the signatures
// with their verifiers, never the envelope itself. The mock would log the proposal verbatim, which verifiers
// reject, so the proposal is rewritten first. Other kinds (hashedrekord from skopeo) pass unchanged.
function canonicalRekorProposal(proposal) {
  if (proposal.kind !== 'dsse' || !proposal.spec || !proposal.spec.proposedContent) {
    return proposal;
  }
  const { envelope, verifiers } = proposal.spec.proposedContent;
  const parsed = JSON.parse(envelope);
  return {
    apiVersion: proposal.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelope).toString('hex') },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(parsed.payload, 'base64')).toString('hex') },
      signatures: parsed.signatures.map((signature, index) => ({ signature: signature.sig, verifier: verifiers[index] })),
    },
  };
}

// Fulcio's v1 API, which containers/image (skopeo, podman) calls: a DER public key and a proof of possession
// in, a PEM chain (leaf first) out. Answered by the mock's v2 handler.
async function fulcioV1(fulcioV2, body, authorization) {
  const request = JSON.parse(body);
  const token = (authorization || '').replace(/^Bearer\s+/i, '');
  const publicKey = crypto.createPublicKey({ key: Buffer.from(request.publicKey.content, 'base64'), format: 'der', type: 'spki' });
  const v2Request = {
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: {
      publicKey: { algorithm: 'ECDSA', content: publicKey.export({ format: 'pem', type: 'spki' }) },
      proofOfPossession: request.signedEmailAddress,
    },
  };
  const answer = await fulcioV2(JSON.stringify(v2Request));
  if (answer.statusCode !== 201) {
    return answer;
  }
  const chain = JSON.parse(answer.response).signedCertificateEmbeddedSct.chain.certificates;
  return {
    statusCode: 201,
    contentType: 'application/pem-certificate-chain',
    response: chain.map((certificate) => certificate.trimEnd() + '\n').join(''),
  };
}

async function startServices(port) {
  const mock = require('@sigstore/mock');
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  const keys = { ct: newEcKeyPair(), ca: newEcKeyPair(), tlog: newEcKeyPair(), tsa: newEcKeyPair() };
  const ctLog = await mock.initializeCTLog(keys.ct);
  const ca = await mock.initializeCA(keys.ca, ctLog);
  const tlog = await mock.initializeTLog(url, keys.tlog);
  const tsa = await mock.initializeTSA(keys.tsa);
  // asn1js drops trailing zeros from GeneralizedTime's fraction (".12Z"), which sigstore-js's verifier
  // refuses (it accepts exactly three digits or none); whole seconds encode without a fraction.
  tsa.getCurrentTime = () => new Date(Math.floor(Date.now() / 1000) * 1000);

  const handlers = new Map();
  for (const handler of [mock.fulcioHandler(ca), mock.rekorHandler(tlog), mock.tsaHandler(tsa)]) {
    handlers.set(handler.path, handler.fn);
  }
  const fulcioV2 = handlers.get('/api/v2/signingCert');
  const rekor = handlers.get('/api/v1/log/entries');

  server.on('request', (request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const route = request.url.split('?')[0];
      const body = Buffer.concat(chunks).toString('utf8');
      let answer;
      try {
        if (request.method !== 'POST') {
          answer = { statusCode: 405, response: 'only POST is served' };
        } else if (route === '/api/v1/signingCert') {
          answer = await fulcioV1(fulcioV2, body, request.headers.authorization);
        } else if (route === '/api/v1/log/entries') {
          answer = await rekor(JSON.stringify(canonicalRekorProposal(JSON.parse(body))));
        } else if (handlers.has(route)) {
          answer = await handlers.get(route)(body);
        } else {
          answer = { statusCode: 404, response: `no service at ${route}` };
        }
      } catch (error) {
        answer = { statusCode: 400, response: String(error && error.message) };
      }
      response.writeHead(answer.statusCode, { 'Content-Type': answer.contentType || 'text/plain' });
      response.end(typeof answer.response === 'string' ? answer.response : asBuffer(answer.response));
    });
  });

  return { server, url, keys, ca, ctLog, tsa };
}

// The trust material for this run's keys in the TUF trusted_root.json shape, valid from an hour ago on.
function trustedRoot({ url, keys, ca, ctLog, tsa }) {
  const start = new Date(Date.now() - 3600 * 1000).toISOString();
  const logKey = (der) => ({
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: der.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
    logId: { keyId: sha256(der).toString('base64') },
  });
  const chain = (...certificates) => ({ certificates: certificates.map((c) => ({ rawBytes: asBuffer(c).toString('base64') })) });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [logKey(keys.tlog.publicKey.export({ format: 'der', type: 'spki' }))],
    certificateAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
      uri: url,
      certChain: chain(ca.rootCertificate),
      validFor: { start },
    }],
    ctlogs: [logKey(asBuffer(ctLog.publicKey))],
    timestampAuthorities: [{
      subject: { organization: 'sigstore.mock', commonName: 'sigstore-tsa' },
      uri: url,
      certChain: chain(tsa.intCertificate, tsa.rootCertificate),
      validFor: { start },
    }],
  };
}

async function serve(options) {
  required(options, 'port', 'out');
  const services = await startServices(Number(options.port));
  const out = options.out;
  fs.mkdirSync(out, { recursive: true });
  // Written under temporary names and renamed, so a reader never sees half a file.
  const write = (name, text) => {
    fs.writeFileSync(path.join(out, name + '.tmp'), text);
    fs.renameSync(path.join(out, name + '.tmp'), path.join(out, name));
  };
  write('fulcio-root.pem', pem('CERTIFICATE', services.ca.rootCertificate));
  write('rekor.pub', pem('PUBLIC KEY', services.keys.tlog.publicKey.export({ format: 'der', type: 'spki' })));
  write('trusted_root.json', JSON.stringify(trustedRoot(services), null, 2));
  console.log(`ready ${services.url}`);
  const stop = () => {
    services.server.close(() => process.exit(0));
    services.server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ---------- signing and verifying ----------

function digestHex(digest) {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest || '');
  if (!match) throw new UsageError(`--digest must be sha256:<64 hex>, got "${digest}"`);
  return match[1];
}

// The statement cosign v3 signs for an image: the repository and manifest digest as subject, the
// cosign "sign" predicate type and an empty predicate.
function imageStatement(name, digest) {
  return {
    _type: STATEMENT_V1,
    subject: [{ name, digest: { sha256: digestHex(digest) } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  };
}

async function sign(options) {
  required(options, 'url', 'digest', 'name', 'identity', 'issuer', 'out');
  const sigstore = require('sigstore');
  const statement = Buffer.from(JSON.stringify(imageStatement(options.name, options.digest)));
  const bundle = await sigstore.attest(statement, IN_TOTO, {
    fulcioURL: options.url,
    rekorURL: options.url,
    tsaServerURL: options.url,
    identityToken: mintToken(options.identity, options.issuer),
    timeout: 10000,
    retry: 0,
  });
  if (bundle.mediaType !== BUNDLE_V03) {
    throw new Error(`sigstore produced ${bundle.mediaType}, expected ${BUNDLE_V03}`);
  }
  fs.writeFileSync(options.out, JSON.stringify(bundle));
  console.log(`signed ${options.digest} as ${options.identity} (${options.issuer}): ${options.out}`);
}

function verify(options) {
  required(options, 'bundle', 'trusted-root', 'identity', 'issuer', 'digest');
  const { bundleFromJSON } = require('@sigstore/bundle');
  const { TrustedRoot } = require('@sigstore/protobuf-specs');
  const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(options['trusted-root'], 'utf8')));
  const json = JSON.parse(fs.readFileSync(options.bundle, 'utf8'));
  const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1, tsaThreshold: 1 });
  verifier.verify(toSignedEntity(bundleFromJSON(json)), {
    subjectAlternativeName: options.identity,
    extensions: { issuer: options.issuer },
  });
  const statement = JSON.parse(Buffer.from(json.dsseEnvelope.payload, 'base64').toString('utf8'));
  const hex = digestHex(options.digest);
  if (!statement.subject.some((subject) => subject.digest && subject.digest.sha256 === hex)) {
    throw new Error(`the statement's subject is not ${options.digest}`);
  }
  console.log(`verified: ${options.digest} signed by ${options.identity} (${options.issuer})`);
}

// ---------- main ----------

const commands = {
  serve,
  token: async (options) => console.log(mintToken(required(options, 'identity', 'issuer').identity, options.issuer)),
  sign,
  verify: async (options) => verify(options),
};

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!commands[command]) {
    throw new UsageError(`unknown command "${command || ''}"; use serve, token, sign or verify`);
  }
  await commands[command](parseArguments(rest));
}

main().catch((error) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : error.stack || String(error));
  process.exit(error instanceof UsageError ? 2 : 1);
});
