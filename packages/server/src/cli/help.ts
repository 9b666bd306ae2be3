/** The CLI's help: one overview, and one page per command (`notify-bridge help send`, `send --help`). */

export const overview = `notify-bridge <command> [options]

Commands:
  serve           run the service (applies pending migrations first)
  migrate         create the database or apply pending migrations, and exit
  send            post an event to a running server, or a message straight to a URL (--to)
  token create    create an API token for the admin user and print it once
  user create     create a user (--admin: the first admin, on a fresh install)
  sink            print the webhook requests it receives (a local target to try things with)
  help <command>  the options of a command (or: notify-bridge <command> --help)

Settings come from environment variables (see the README's configuration reference)
and, optionally, a JSON file named by NB_CONFIG_FILE.`;

const database = `The database is the one the settings name: DATABASE_URL (PostgreSQL), else
notify-bridge.db in NB_DATA_DIR (default ./data, relative to the current directory).`;

export const commandHelp: Record<string, string> = {
  serve: `notify-bridge serve

Runs the service: the HTTP API, the webhook ingress and the dispatcher. Applies pending
migrations first, creating the database if there is none. The first start creates an
admin API token and prints it once, and while nobody can sign in it prints a
one-time setup link (valid 1 hour) that creates the first admin.

${database}`,
  migrate: `notify-bridge migrate

Creates the database if there is none, applies pending migrations and exits.

${database}`,
  send: `notify-bridge send --source ID [options]
notify-bridge send --to URL --title TEXT [--body TEXT] [--severity LEVEL]

With --source: posts one event to a webhook source of a running server (POST
/hooks/<source id>) and prints the answer ({"id": ..., "duplicate": ...}).

With --to: sends one message straight to the channel an Apprise-style URL names
(tgram://, mailtos://, ntfys://, discord://, slack://, gotifys://, pover://, jsons://,
mqtt://; the README's "Targets from URLs" lists the forms), with no server and nothing
stored, and prints "sent to receiver N" per receiver. Private addresses (a LAN broker,
localhost) are refused unless NB_ALLOW_PRIVATE allows them, as in the server.

  --to URL            the destination (instead of --source)
  --source ID         the source id
  --title TEXT        event title
  --body TEXT         event body ("-" reads standard input)
  --type TYPE         event type (dot.case)
  --severity LEVEL    debug | info | warning | error | critical
  --token TOKEN       bearer token, if the source requires one
  --server URL        the server; default http://127.0.0.1:$PORT (PORT default 8080)`,
  token: `notify-bridge token create [--name NAME] [--scope SCOPES]

  create              create an API token for the admin user and print it once`,
  'token create': `notify-bridge token create [--name NAME] [--scope SCOPES]

Creates an API token for the admin user in the server's database and prints it once.
The database must exist already (start the server once, or run notify-bridge migrate):
a token in a database the server does not use would be refused.

  --name NAME         a label for the token (default "cli")
  --scope SCOPES      read | write | admin, comma-separated (default admin); each
                      includes the ones before it: read sees, write also changes,
                      admin also reaches every user's rows

${database}`,
  user: `notify-bridge user create [--admin] NAME [options]

  create              create a user; the password is asked for (or read from stdin)`,
  'user create': `notify-bridge user create [--admin] NAME [options]

Creates a user who signs in with NAME and a password. On a terminal the password is
asked for twice without echo; otherwise it is the first line of standard input
(printf '%s\\n' "$PASSWORD" | notify-bridge user create NAME). At least 12 characters.

With --admin on a fresh install this is the first admin: the one the server made on
its first start, which owns the bridge source and the first admin API token, gets
this name and password (the setup link then stops working). Later, --admin makes
another admin.

  --admin             an admin (manages everything, users included); default member
  --display-name TEXT shown instead of the name
  --locale TAG        BCP 47, such as en or de-CH
  --time-zone ZONE    IANA, such as Europe/Zurich (default NB_TIME_ZONE)

${database}`,
  sink: `notify-bridge sink [--port PORT] [--host HOST]

A tiny HTTP server that prints every request it receives (method, path, the Standard
Webhooks headers and the body) and answers 200. Point a webhook target at it to see
notifications arrive without any outside service. Ctrl-C stops it.

  --port PORT         default 9999 (0 picks a free one; the address is printed)
  --host HOST         default 127.0.0.1`,
};
