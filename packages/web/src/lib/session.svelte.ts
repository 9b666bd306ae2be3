import { api } from './api.ts';

export interface Me {
  id: string;
  name: string;
  role: 'admin' | 'member';
}

/** Who is signed in, as the server says (GET /api/v1/me); undefined until known, null when nobody is. */
let me = $state<Me | null | undefined>(undefined);

export const session = {
  get me(): Me | null | undefined {
    return me;
  },
  async load(): Promise<Me | null> {
    const { data } = await api.GET('/api/v1/me');
    me = data ? { id: data.id, name: data.name, role: data.role } : null;
    return me;
  },
  async signOut(): Promise<void> {
    await api.POST('/api/v1/auth/sign-out');
    me = null;
  },
};
