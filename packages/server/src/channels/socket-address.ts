import { HttpBlockedError } from '../security/http/http-client.ts';
import { type ConnectContext, ConnectionFailed } from './channel.ts';

/**
 * The address a channel's own socket may connect to, checked by the same policy as every outgoing URL. A
 * refused address is permanent for the delivery: only the operator's NB_ALLOW_PRIVATE changes it.
 */
export async function checkedSocketAddress(ctx: ConnectContext, host: string, port: number): Promise<string> {
  try {
    return (await ctx.sockets.check(host, port)).address;
  } catch (error) {
    if (!(error instanceof HttpBlockedError)) throw error;
    throw new ConnectionFailed({
      status: 'failed',
      error: {
        kind: 'internal',
        code: 'blocked',
        message: `destination refused: ${error.message} (the NB_ALLOW_PRIVATE setting)`,
      },
    });
  }
}
