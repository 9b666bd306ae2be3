import { createApiClient } from '@notify-bridge/client';

/** The one client every page uses: the session cookie, with the CSRF header on changes. */
export const api = createApiClient({ baseUrl: location.origin, session: true });
