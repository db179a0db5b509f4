/**
 * Property tests draw a new random seed on every run, so running them again keeps searching
 * (fast-check prints the seed of any failure). CI sets FUZZ_SEED so that whether a commit lands
 * depends on the commit, not on the draw; `FUZZ_SEED=<seed from a failure> npm run test:unit`
 * replays a failure.
 */
import fc from 'fast-check';

const seed = process.env.FUZZ_SEED;
if (seed !== undefined && seed !== '') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FUZZ_SEED must be an integer (a seed fast-check printed); it is "${seed}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
}
