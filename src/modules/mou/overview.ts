// The Partnership page: each part of how the members work together, with live counts, so that a gap (an
// unsigned agreement, a member with no contacts, an overdue disagreement) shows at a glance.
import type { FastifyInstance } from 'fastify';
import { requireStaff } from '../../server/sessions.ts';
import { directory } from '../contacts/index.ts';
import { disputeCounts } from '../disputes/index.ts';
import { glossarySummary } from '../glossary/index.ts';
import { learningSummary } from '../learning/index.ts';
import { resourcesPage } from '../resources/index.ts';
import { successSummary } from '../successes/index.ts';
import { sharedInterest } from './priorities.ts';
import { agreementPage } from './service.ts';

export function registerPartnershipPage(app: FastifyInstance): void {
  app.get('/partnership', async (request, reply) => {
    requireStaff(request);
    const ctx = request.ctx();
    const [agreement, priorities, contacts, resources, disputes, glossary, learning, successes] =
      await Promise.all([
        agreementPage(ctx),
        sharedInterest(ctx),
        directory(ctx),
        resourcesPage(ctx),
        disputeCounts(ctx),
        glossarySummary(ctx),
        learningSummary(ctx),
        successSummary(ctx),
      ]);
    return reply.render('mou/views/partnership.njk', {
      title: 'Partnership',
      section: 'partnership',
      agreement: {
        current: agreement.current,
        signed: agreement.members.filter((m) => m.signatory).length,
        members: agreement.organisations.length,
        reviewOverdue: agreement.reviewOverdue ?? false,
      },
      priorities: {
        count: priorities.count,
        shared: priorities.shared.length,
        aims: priorities.table.length,
      },
      contacts: {
        count: contacts.count,
        outOfHours: contacts.outOfHours.length,
        membersWithout: contacts.members.filter((m) => m.contacts.length === 0).length,
      },
      resources: {
        commitments: resources.totals.commitments,
        hours: resources.totals.hours,
        funding: resources.totals.funding,
        bids: resources.bids.length,
        awarded: resources.byStatus.awarded,
        open: resources.byStatus.drafting.count + resources.byStatus.submitted.count,
      },
      disputes,
      sharedLanguage: { glossary, learning, successes },
      pounds: (n: number) => `£${n.toLocaleString('en-GB')}`,
    });
  });
}
