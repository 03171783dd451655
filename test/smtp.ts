// A real SMTP server for tests (the smtp-server package), keeping every message it accepts parsed back by
// mailparser, so that tests read what a mail program would.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Refuse each message with this reply until set back to null (a server having a bad day). */
  refuse: { code: number; message: string } | null;
  /** Resolves once this many messages have arrived. */
  waitFor(count: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const state: TestSmtp = {
    url: '',
    port: 0,
    messages: [],
    refuse: null,
    waitFor: (count) =>
      new Promise((resolve) => {
        if (state.messages.length >= count) resolve(state.messages);
        else waiters.push({ count, resolve: () => resolve(state.messages) });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (state.refuse) {
            const error = Object.assign(new Error(state.refuse.message), { responseCode: state.refuse.code });
            callback(error);
            return;
          }
          state.messages.push(mail);
          callback();
          for (const w of waiters.filter((x) => state.messages.length >= x.count)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  state.port = typeof address === 'object' && address ? address.port : port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  return state;
}
