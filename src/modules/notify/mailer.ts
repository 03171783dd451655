// Sending one email over SMTP with nodemailer. The outbox decides what and when; this only talks to the server.
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  /** Stable for an outbox row, so that a receiving server can recognise a retried send. */
  messageId: string;
  from: string;
  to: { address: string; name?: string | undefined };
  subject: string;
  text: string;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string } | undefined;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * Time limits well inside the outbox's lease (outbox.ts LEASE_MS): a send that hangs gives up before
 * another sender could take the row and send it a second time.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
  return {
    async send(email) {
      await transport.sendMail({
        messageId: email.messageId,
        from: email.from,
        to: email.to.name ? { name: email.to.name, address: email.to.address } : email.to.address,
        subject: email.subject,
        text: email.text,
        // RFC 3834: an automatic message, so that out-of-office replies are not sent back.
        headers: { 'Auto-Submitted': 'auto-generated' },
        // A calendar part with its method (RFC 6047), which mail programs show as an invitation to accept.
        ...(email.ics
          ? { icalEvent: { method: email.ics.method, filename: 'invite.ics', content: email.ics.content } }
          : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}

/** The domain part of the From address, for Message-IDs. */
export function mailDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'joinedup.localhost';
}
