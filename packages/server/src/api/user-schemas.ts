import { Type } from 'typebox';
import { maxPasswordLength, minPasswordLength } from '../auth/passwords.ts';
import { Id, IsoTime } from './schemas.ts';

/** The shapes of users in the API, shared by setup, the users routes and /me. */

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('member')], {
  description: '`admin` manages everything, users included; `member` their own resources.',
});

export const UserName = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The sign-in name: letters, digits, `._@-`; stored lower case.',
});
export const Password = Type.String({
  minLength: minPasswordLength,
  maxLength: maxPasswordLength * 4,
  description: `At least ${minPasswordLength} characters. Write-only.`,
});
export const DisplayName = Type.String({ maxLength: 200, description: 'Shown instead of the name.' });
export const Locale = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'BCP 47 (`en`, `de-CH`) for the UI and this user’s notifications.',
});
export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA zone (`Europe/Zurich`); absent or null uses NB_TIME_ZONE.',
});

export const UserView = Type.Object({
  id: Id,
  name: Type.String(),
  displayName: Type.String(),
  role: Role,
  locale: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean({ description: 'A disabled user’s sessions and tokens are refused.' }),
  createdAt: IsoTime,
});

/** What a person fills in about themselves (setup, a new user). */
export const ProfileFields = {
  name: UserName,
  password: Password,
  displayName: Type.Optional(DisplayName),
  locale: Type.Optional(Locale),
  timeZone: Type.Optional(TimeZone),
};
