import { giteaLikeSource } from '../gitea/index.ts';

/** Forgejo speaks Gitea's webhook dialect, with X-Forgejo-* headers beside the X-Gitea-* ones. */
export const forgejoSource = giteaLikeSource('forgejo');
