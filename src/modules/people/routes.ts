// The person's record: pages and /api/v1 endpoints. Every handler goes through the people service, which
// asks the policy before anything leaves the store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict } from '../../errors.ts';
import { CATEGORY_LABELS } from '../../policy/index.ts';
import { formValues, handleForm, parseId } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { requireStaff } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { listOrganisations } from '../partnerships/index.ts';
import * as team from './care-team.ts';
import {
  aboutMeInput,
  careTeamMemberInput,
  communicationInput,
  FORMAT_LABELS,
  leadInput,
  PREFERRED_FORMATS,
  personInput,
  REPRESENTATIVE_KINDS,
  REPRESENTATIVE_LABELS,
  representativeInput,
} from './schema.ts';
import * as service from './service.ts';

type WithId = { Params: { id: string } };

const labels = {
  formatLabels: FORMAT_LABELS,
  representativeLabels: REPRESENTATIVE_LABELS,
  categoryLabels: CATEGORY_LABELS,
};

async function header(request: FastifyRequest, personId: string) {
  const record = await request.tx((ctx) => service.personRecord(ctx, personId));
  return { person: record.person, record };
}

export function registerPeopleRoutes(app: FastifyInstance): void {
  app.get('/people', async (request, reply) => {
    const actor = requireStaff(request);
    const raw = (request.query as Record<string, unknown>).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 100) : '';
    const people = await service.caseload(request.ctx(), q || null);
    return reply.render('people/views/list.njk', {
      title: 'People you support',
      section: 'people',
      people,
      q,
      canCreate: actor.role === 'practitioner' || actor.role === 'manager',
    });
  });

  const personFormPage = { template: 'people/views/person-form.njk', section: 'people' };

  app.get('/people/new', async (request, reply) => {
    requireStaff(request);
    return reply.render(personFormPage.template, {
      title: 'Record a new person',
      section: 'people',
      action: '/people/new',
      back: '/people',
      values: {},
    });
  });

  app.post('/people/new', async (request, reply) => {
    requireStaff(request);
    return handleForm(request, reply, {
      schema: personInput,
      template: personFormPage.template,
      data: () => ({
        title: 'Record a new person',
        section: 'people',
        action: '/people/new',
        back: '/people',
      }),
      run: (input) => request.tx((ctx) => service.createPerson(ctx, input)),
      done: (created) => reply.redirect(`/people/${created.id}`, 303),
    });
  });

  app.get<WithId>('/people/:id', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const record = await request.tx((ctx) => service.personRecord(ctx, id));
    return reply.render('people/views/show.njk', {
      ...labels,
      title: `${record.person.givenName} ${record.person.familyName}`,
      section: 'people',
      ...record,
      breakGlass: breakGlassFor(request, record.access.facts.breakGlass),
    });
  });

  registerEditPages(app);
  registerCareTeamPages(app);
  registerPeopleApi(app);
}

function breakGlassFor(
  request: FastifyRequest,
  uses: ReadonlyArray<{ staffUserId: string; expiresAt: Date }>,
) {
  const actor = request.actor;
  if (actor.kind !== 'staff') return null;
  const now = request.server.clock.now().getTime();
  const mine = uses.filter((b) => b.staffUserId === actor.userId && b.expiresAt.getTime() > now);
  return mine.length
    ? { expiresAt: mine.reduce((a, b) => (a.expiresAt > b.expiresAt ? a : b)).expiresAt }
    : null;
}

function registerEditPages(app: FastifyInstance): void {
  app.get<WithId>('/people/:id/details/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const { person, record } = await header(request, id);
    const contact = record.contact.data;
    return reply.render('people/views/person-form.njk', {
      title: `Change ${person.givenName}’s details`,
      section: 'people',
      action: `/people/${id}/details/edit`,
      back: `/people/${id}`,
      values: {
        givenName: person.givenName,
        familyName: person.familyName,
        preferredName: person.preferredName ?? '',
        pronouns: person.pronouns ?? '',
        dateOfBirth: person.dateOfBirth ?? '',
        nhsNumber: contact?.nhsNumber ?? '',
        address: contact?.address ?? '',
        phone: contact?.phone ?? '',
        email: contact?.email ?? '',
        version: person.version,
      },
    });
  });

  app.post<WithId>('/people/:id/details/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const version = Number((request.body as Record<string, unknown>)?.version ?? 0);
    const page = {
      title: 'Change details',
      section: 'people',
      action: `/people/${id}/details/edit`,
      back: `/people/${id}`,
    };
    try {
      return await handleForm(request, reply, {
        schema: personInput,
        template: 'people/views/person-form.njk',
        data: () => page,
        run: (input) => request.tx((ctx) => service.updateDetails(ctx, id, input, version)),
        done: () => reply.redirect(`/people/${id}`, 303),
      });
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      return reply.code(409).render('people/views/person-form.njk', {
        ...page,
        errors: [{ field: 'givenName', message: error.message }],
        values: formValues(request),
      });
    }
  });

  app.get<WithId>('/people/:id/about-me/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const { person, record } = await header(request, id);
    const a = record.aboutMe.data;
    return reply.render('people/views/about-me-form.njk', {
      title: `“About me” for ${person.givenName}`,
      section: 'people',
      forWhom: `${person.givenName}’s`,
      action: `/people/${id}/about-me/edit`,
      back: `/people/${id}`,
      values: a
        ? {
            whatMatters: a.what_matters,
            wishes: a.wishes,
            preferences: a.preferences,
            lifeHistory: a.life_history,
            writtenWith: a.written_with,
            version: a.version,
          }
        : { version: 1 },
    });
  });

  app.post<WithId>('/people/:id/about-me/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return aboutMeForm(request, reply, id, {
      back: `/people/${id}`,
      action: `/people/${id}/about-me/edit`,
      forWhom: 'their',
    });
  });

  app.get<WithId>('/people/:id/communication/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const { person, record } = await header(request, id);
    const c = record.communication.data;
    return reply.render('people/views/communication-form.njk', {
      ...labels,
      title: `${person.givenName}’s communication needs`,
      section: 'people',
      person,
      formats: PREFERRED_FORMATS,
      action: `/people/${id}/communication/edit`,
      back: `/people/${id}`,
      values: c
        ? {
            preferredFormat: c.preferred_format,
            easyRead: c.easy_read,
            largePrint: c.large_print,
            bsl: c.bsl,
            interpreterLanguage: c.interpreter_language ?? '',
            otherNeeds: c.other_needs,
          }
        : {},
    });
  });

  app.post<WithId>('/people/:id/communication/edit', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: communicationInput,
      template: 'people/views/communication-form.njk',
      data: async () => ({
        ...labels,
        ...(await header(request, id)),
        title: 'Communication needs',
        section: 'people',
        formats: PREFERRED_FORMATS,
        action: `/people/${id}/communication/edit`,
        back: `/people/${id}`,
      }),
      run: (input) => request.tx((ctx) => service.updateCommunication(ctx, id, input)),
      done: () => reply.redirect(`/people/${id}`, 303),
    });
  });

  app.get<WithId>('/people/:id/representatives/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    const { person } = await header(request, id);
    return reply.render('people/views/representative-form.njk', {
      ...labels,
      title: `Add an advocate or representative for ${person.givenName}`,
      section: 'people',
      kinds: REPRESENTATIVE_KINDS,
      action: `/people/${id}/representatives/new`,
      back: `/people/${id}`,
      values: {},
    });
  });

  app.post<WithId>('/people/:id/representatives/new', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: representativeInput,
      template: 'people/views/representative-form.njk',
      data: () => ({
        ...labels,
        title: 'Add an advocate or representative',
        section: 'people',
        kinds: REPRESENTATIVE_KINDS,
        action: `/people/${id}/representatives/new`,
        back: `/people/${id}`,
      }),
      run: (input) => request.tx((ctx) => service.addRepresentative(ctx, id, input)),
      done: () => reply.redirect(`/people/${id}`, 303),
    });
  });
}

/** The "about me" form, shared by staff pages and the person's own pages; a stale save shows both versions. */
export async function aboutMeForm(
  request: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  page: { back: string; action: string; forWhom: string },
): Promise<unknown> {
  const data = { title: '“About me”', section: 'people', ...page };
  try {
    return await handleForm(request, reply, {
      schema: aboutMeInput,
      template: 'people/views/about-me-form.njk',
      data: () => data,
      run: (input) => request.tx((ctx) => service.updateAboutMe(ctx, personId, input)),
      done: () => reply.redirect(page.back, 303),
    });
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const current = error.current as { version: number } | undefined;
    return reply.code(409).render('people/views/about-me-form.njk', {
      ...data,
      conflict: current,
      errors: [{ field: 'whatMatters', message: error.message }],
      values: { ...formValues(request), version: String(current?.version ?? 1) },
    });
  }
}

function registerCareTeamPages(app: FastifyInstance): void {
  const page = async (request: FastifyRequest, id: string) => {
    const { person, record } = await header(request, id);
    const ctx = request.ctx();
    return {
      title: `${person.givenName}’s care team`,
      section: 'people',
      person,
      careTeam: record.careTeam,
      canWrite: record.canWrite,
      organisations: await listOrganisations(ctx),
      staff: record.canWrite ? await team.staffToChoose(ctx) : [],
    };
  };

  app.get<WithId>('/people/:id/care-team', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return reply.render('people/views/care-team.njk', { ...(await page(request, id)), values: {} });
  });

  app.post<WithId>('/people/:id/care-team', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: careTeamMemberInput,
      template: 'people/views/care-team.njk',
      data: () => page(request, id),
      run: (input) => request.tx((ctx) => team.addMember(ctx, id, input)),
      done: () => reply.redirect(`/people/${id}/care-team`, 303),
    });
  });

  app.post<WithId>('/people/:id/care-team/lead', async (request, reply) => {
    requireStaff(request);
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: leadInput,
      template: 'people/views/care-team.njk',
      data: () => page(request, id),
      run: (input) => request.tx((ctx) => team.setLead(ctx, id, input.memberId)),
      done: () => reply.redirect(`/people/${id}/care-team`, 303),
    });
  });

  app.post<{ Params: { id: string; memberId: string } }>(
    '/people/:id/care-team/:memberId/remove',
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const memberId = parseId(request.params.memberId);
      await request.tx((ctx) => team.removeMember(ctx, id, memberId));
      return reply.redirect(`/people/${id}/care-team`, 303);
    },
  );
}

function registerPeopleApi(app: FastifyInstance): void {
  const api = apiDocs('People');
  app.get('/api/v1/people', api({ summary: 'Your caseload (?q= finds people by name)' }), async (request) => {
    requireStaff(request);
    const raw = (request.query as Record<string, unknown>).q;
    const people = await service.caseload(
      request.ctx(),
      typeof raw === 'string' && raw.trim() ? raw.trim() : null,
    );
    return {
      items: people.map((p) => ({
        id: p.id,
        givenName: p.given_name,
        familyName: p.family_name,
        preferredName: p.preferred_name,
        dateOfBirth: p.date_of_birth,
      })),
    };
  });

  app.post(
    '/api/v1/people',
    api({
      summary: 'Add a person',
      body: personInput,
      response: { status: 201, description: 'The new person; their address is in the Location header' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const input = parseInput(personInput, request.body);
      const created = await request.tx((ctx) => service.createPerson(ctx, input));
      return reply.code(201).header('location', `/api/v1/people/${created.id}`).send(created);
    },
  );

  app.get<WithId>(
    '/api/v1/people/:id',
    api({ summary: 'A person’s record: each part shared with you, or the reasons it is not' }),
    async (request) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const r = await request.tx((ctx) => service.personRecord(ctx, id));
      const part = <T>(s: { decision: { allowed: boolean; reasons: string[] }; data: T | null }) =>
        s.decision.allowed ? { shared: true, data: s.data } : { shared: false, reasons: s.decision.reasons };
      return {
        person: r.person,
        aboutMe: part(r.aboutMe),
        communication: part(r.communication),
        contact: part(r.contact),
        representatives: part(r.representatives),
        careTeam: r.careTeam.map((m) => ({
          id: m.id,
          organisationId: m.organisation_id,
          organisationName: m.organisation_name,
          staffUserId: m.staff_user_id,
          staffName: m.staff_name,
          roleInTeam: m.role_in_team,
          lead: m.is_lead,
        })),
      };
    },
  );

  app.put<WithId>(
    '/api/v1/people/:id/about-me',
    api({
      summary: 'Change what matters to the person, in their words',
      body: aboutMeInput,
      response: { status: 204, description: 'Changed' },
    }),
    async (request, reply) => {
      requireStaff(request);
      const id = parseId(request.params.id);
      const input = parseInput(aboutMeInput, request.body);
      await request.tx((ctx) => service.updateAboutMe(ctx, id, input));
      return reply.code(204).send();
    },
  );
}
