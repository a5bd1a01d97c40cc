// Checks Strategikarta's log with code nobody here wrote: the tree heads, inclusion and
// consistency proofs by @transmute/rfc9162, the checkpoint notes' Ed25519 signatures by
// Node's own crypto. Reads the case as JSON on stdin, writes what it found as JSON on stdout.
'use strict';
const crypto = require('node:crypto');
const { RFC9162 } = require('@transmute/rfc9162');

const bytes = (b64) => new Uint8Array(Buffer.from(b64, 'base64'));
const b64 = (u8) => Buffer.from(u8).toString('base64');
const powerOfTwo = (n) => n > 0 && (n & (n - 1)) === 0;

function signatureVerifies(note, publicKey, name) {
  const cut = note.lastIndexOf('\n\n');
  const text = note.slice(0, cut + 1);
  const line = note.slice(cut + 2).split('\n')[0];
  const [dash, signer, blob] = line.split(' ');
  const raw = Buffer.from(blob, 'base64');
  const keyHash = crypto.createHash('sha256')
    .update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([1]), publicKey]))
    .digest().subarray(0, 4);
  const key = crypto.createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
  return dash === '\u2014' && signer === name && raw.subarray(0, 4).equals(keyHash)
    && crypto.verify(null, Buffer.from(text, 'utf8'), key, raw.subarray(4));
}

async function main() {
  const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const entries = input.leaves.map(bytes);
  const result = { heads: {}, inclusion: [], consistency: [], signatures: [] };
  for (const size of input.sizes) {
    result.heads[size] = b64(await RFC9162.treeHead(entries.slice(0, size)));
  }
  for (const { index, size, leaf_hash, proof } of input.inclusion) {
    const tree = entries.slice(0, size);
    const path = (await RFC9162.PATH(index, tree)).map(b64);
    const ok = await RFC9162.verifyInclusionProof(await RFC9162.treeHead(tree),
      bytes(leaf_hash), { tree_size: size, leaf_index: index, inclusion_path: proof.map(bytes) });
    const leaf = b64(await RFC9162.leaf(entries[index]));
    result.inclusion.push({ index, size, ok, same_path: JSON.stringify(path) === JSON.stringify(proof),
                            same_leaf: leaf === leaf_hash });
  }
  for (const { from, to, proof } of input.consistency) {
    const first = await RFC9162.treeHead(entries.slice(0, from));
    const second = await RFC9162.treeHead(entries.slice(0, to));
    // RFC 9162 §2.1.4.2 step 2, which this package leaves to its caller: an old tree that is
    // a complete subtree is not in the proof; the verifier puts its root first.
    const path = (powerOfTwo(from) ? [b64(first)] : []).concat(proof);
    const ok = await RFC9162.verifyConsistencyProof(first, second, {
      tree_size_1: from, tree_size_2: to, consistency_path: path.map(bytes) });
    const theirs = (await RFC9162.PROOF(from, entries.slice(0, to))).map(b64);
    result.consistency.push({ from, to, ok, same_path: JSON.stringify(theirs) === JSON.stringify(path) });
  }
  const publicKey = Buffer.from(input.public_key, 'base64');
  for (const note of input.notes) {
    result.signatures.push(signatureVerifies(note, publicKey, input.origin));
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => { console.error(error); process.exit(1); });
