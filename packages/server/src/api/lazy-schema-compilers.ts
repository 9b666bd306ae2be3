import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { chosenBranchErrors, type SchemaError } from '../schema-branch-errors.ts';

type Compile<Fn> = (route: unknown) => Fn;
type Validate = ((data: unknown) => unknown) & { errors?: SchemaError[] | null };
type Serialize = (data: unknown) => string;

/**
 * Fastify compiles every route's validators (ajv) and response serializers (fast-json-stringify) while
 * the server starts: about 0.3 s of the start and 9 MB of memory here, for routes a process may never
 * serve. These give Fastify's own compilers each route's schema on the route's first request instead.
 * A schema that cannot compile would then fail on first use, so `compileAll()` compiles every one now
 * (the tests call it).
 */
export function lazySchemaCompilers() {
  const pending = new Set<() => void>();

  function later<Fn>(compile: () => Fn): { get(): Fn } {
    let compiled: Fn | undefined;
    const force = () => {
      compiled ??= compile();
      pending.delete(force);
    };
    pending.add(force);
    return {
      get() {
        if (compiled === undefined) force();
        return compiled!;
      },
    };
  }

  // Fastify's own factories, pooled per set of shared schemas and options; an Ajv instance is made on
  // the first compile that needs it.
  const validators = AjvCompiler() as (...args: unknown[]) => Compile<Validate>;
  const serializers = SerializerSelector() as (...args: unknown[]) => Compile<Serialize>;

  const buildValidator = (externalSchemas: unknown, options: unknown): Compile<Validate> => {
    // Bodies are JSON, typed by the sender: coercing them would turn `0` or `""` into `null` in a nullable
    // union, silently changing what was asked. Query strings and params are text and are coerced as usual.
    const bodyOptions = withoutCoercion(options);
    return (route) => {
      const part = (route as { httpPart?: string }).httpPart;
      const chosen = part === 'body' ? bodyOptions : options;
      const validator = later(() => validators(externalSchemas, chosen)(route));
      const { schema } = route as { schema: unknown };
      // Fastify reads `errors` off the function it was given after a failed validation. Of a discriminated
      // union's errors only the chosen branch's say what is wrong (schema-branch-errors.ts).
      const validate: Validate = (data) => {
        const real = validator.get();
        const valid = real(data);
        validate.errors = real.errors ? chosenBranchErrors(schema, data, real.errors) : real.errors;
        return valid;
      };
      return validate;
    };
  };

  const buildSerializer = (externalSchemas: unknown, options: unknown): Compile<Serialize> => {
    return (route) => {
      const serializer = later(() => serializers(externalSchemas, options)(route));
      return (data) => serializer.get()(data);
    };
  };

  return {
    compilersFactory: { buildValidator, buildSerializer },
    /** Compiles every schema not compiled yet and says how many; throws what a broken one throws. */
    compileAll(): number {
      const now = [...pending];
      for (const force of now) force();
      return now.length;
    },
  };
}

function withoutCoercion(options: unknown): unknown {
  const given = (options ?? {}) as { customOptions?: Record<string, unknown> };
  return { ...given, customOptions: { ...given.customOptions, coerceTypes: false } };
}
