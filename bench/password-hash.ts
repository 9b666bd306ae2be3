/**
 * `npx node bench/password-hash.ts`: how long one password hash takes with the parameters the server uses
 * (auth/passwords.ts), median of 20 after a warm-up. A sign-in costs one verify, which takes as long.
 */
import { availableParallelism } from 'node:os';
import { hashPassword, passwordParameters } from '../packages/server/src/auth/passwords.ts';

await hashPassword('warm-up password');
const times: number[] = [];
for (let i = 0; i < 20; i += 1) {
  const started = performance.now();
  await hashPassword('correct horse battery staple');
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(
  `argon2id m=${passwordParameters.memoryCost} KiB t=${passwordParameters.timeCost} p=${passwordParameters.parallelism}: ` +
    `median ${ms(times[10]!)}, min ${ms(times[0]!)}, max ${ms(times[19]!)} (${availableParallelism()} cores, Node ${process.version})`,
);
