/**
 * A rule, glob, condition or duration that cannot be used as written. Pure domain code throws this
 * (domain/ imports nothing outside itself); the API maps it to NB_ERR_VALIDATION and config to a
 * ConfigError. The message says what to fix and quotes only the user's own definition, never event data.
 */
export class DomainValidationError extends Error {
  /** Where the problem is, e.g. `eventTypes[2]`, `/conditions/0/value`, `rule 01J…`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'DomainValidationError';
    this.path = path;
  }
}
