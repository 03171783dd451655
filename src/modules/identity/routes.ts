// Pages and API for signing in and out, the second factor, one's own account, and staff administration.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Unauthenticated } from '../../errors.ts';
import { requiresSecondFactor, roleLabel } from '../../policy/index.ts';
import { handleForm, parseId, safeNext } from '../../server/forms.ts';
import { apiDocs } from '../../server/openapi.ts';
import { clearSessionCookie, requireStaff, setSessionCookie, staffActor } from '../../server/sessions.ts';
import { parseInput } from '../../validation.ts';
import { myTraining } from '../learning/index.ts';
import { listOrganisations } from '../partnerships/index.ts';
import {
  beginSecondFactor,
  changePassword,
  confirmSecondFactorSetup,
  removeSecondFactor,
} from './account.ts';
import {
  changePasswordInput,
  codeInput,
  createStaffInput,
  PARTNERSHIP_ROLES,
  removeSecondFactorInput,
  signInInput,
  staffStatusInput,
  updateStaffInput,
} from './schema.ts';
import { endSession, startSession } from './sessions.ts';
import { confirmSecondFactor, signIn } from './sign-in.ts';
import { changeStaffStatus, createStaff, getStaff, listStaff, updateStaff } from './staff.ts';

const ROLE_HINTS: Record<(typeof PARTNERSHIP_ROLES)[number], string> = {
  practitioner: 'Works with people on their care team',
  manager: 'Coordinates care teams and manages practitioners',
  senior_leader: 'Takes part in partnership meetings and decisions',
  ig_lead: 'Keeps sharing agreements and reviews break-glass access and the audit trail',
  volunteer: 'Sees only their own tasks and what the person wants them to know',
  admin: 'Manages organisations and staff accounts',
};

const roleLabels = Object.fromEntries(PARTNERSHIP_ROLES.map((r) => [r, roleLabel(r)]));
const roleItems = PARTNERSHIP_ROLES.map((r) => ({ value: r, text: roleLabel(r), hint: ROLE_HINTS[r] }));

function settingsOf(app: FastifyInstance) {
  return { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours };
}

/** The session part-way through signing in, for the second-factor pages. */
function pendingSession(request: FastifyRequest, stage: 'second_factor' | 'second_factor_setup') {
  const session = request.session;
  if (!session || session.stage !== stage) throw new Unauthenticated();
  return session;
}

async function replaceSession(request: FastifyRequest, reply: FastifyReply, token: string) {
  if (request.sessionToken) await endSession(request.server.database.db, request.sessionToken);
  setSessionCookie(request, reply, token);
}

export function registerIdentityRoutes(app: FastifyInstance): void {
  const settings = settingsOf(app);

  app.get('/sign-in', async (request, reply) => {
    if (request.session?.stage === 'signed_in') return reply.redirect('/', 303);
    if (request.actor.kind === 'person') return reply.redirect('/my', 303);
    const next = safeNext((request.query as Record<string, unknown>).next);
    return reply.render('identity/views/sign-in.njk', {
      title: 'Sign in',
      values: {},
      next: next === '/' ? undefined : next,
      demo: app.demoSignIn,
    });
  });

  app.post('/sign-in', async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    return handleForm(request, reply, {
      schema: signInInput,
      template: 'identity/views/sign-in.njk',
      data: () => ({ title: 'Sign in', demo: app.demoSignIn, next }),
      run: (input) => request.tx((ctx) => signIn(ctx, input, settings)),
      done: async (result) => {
        await replaceSession(request, reply, result.token);
        if (result.stage === 'second_factor') return reply.redirect('/sign-in/two-factor', 303);
        if (result.stage === 'second_factor_setup') return reply.redirect('/sign-in/set-up-two-factor', 303);
        // A person (or their representative) has only their own record to go to.
        if (result.kind === 'person' && !/^\/my(?:[/?]|$)/.test(next)) return reply.redirect('/my', 303);
        return reply.redirect(next, 303);
      },
    });
  });

  app.get('/sign-in/two-factor', async (request, reply) => {
    pendingSession(request, 'second_factor');
    return reply.render('identity/views/two-factor.njk', { title: 'Enter your security code', values: {} });
  });

  app.post('/sign-in/two-factor', async (request, reply) => {
    const session = pendingSession(request, 'second_factor');
    return handleForm(request, reply, {
      schema: codeInput,
      template: 'identity/views/two-factor.njk',
      data: () => ({ title: 'Enter your security code' }),
      run: (input) => request.tx((ctx) => confirmSecondFactor(ctx, session, input.code, settings)),
      done: async (token) => {
        await replaceSession(request, reply, token);
        return reply.redirect('/', 303);
      },
    });
  });

  // Administrators and information governance leads without an app set one up before going further.
  app.get('/sign-in/set-up-two-factor', async (request, reply) => {
    const session = pendingSession(request, 'second_factor_setup');
    const setup = await request.tx((ctx) => beginSecondFactor(ctx, staffActor(session)));
    return reply.render('identity/views/two-factor-setup.njk', {
      title: 'Set up your security app',
      setup,
      required: true,
      values: {},
      action: '/sign-in/set-up-two-factor',
    });
  });

  app.post('/sign-in/set-up-two-factor', async (request, reply) => {
    const session = pendingSession(request, 'second_factor_setup');
    const actor = staffActor(session);
    return handleForm(request, reply, {
      schema: codeInput,
      template: 'identity/views/two-factor-setup.njk',
      data: async () => ({
        title: 'Set up your security app',
        required: true,
        action: '/sign-in/set-up-two-factor',
        setup: await request.tx((ctx) => beginSecondFactor(ctx, actor)),
      }),
      run: (input) =>
        request.tx(async (ctx) => {
          await confirmSecondFactorSetup(ctx, actor, input.code);
          return startAfterSetup(ctx, session);
        }),
      done: async (token) => {
        await replaceSession(request, reply, token);
        return reply.redirect('/', 303);
      },
    });
  });

  function startAfterSetup(ctx: Ctx, session: { partnershipId: string; userId: string }) {
    return startSession(
      ctx,
      { partnership_id: session.partnershipId, id: session.userId },
      'signed_in',
      settings,
    );
  }

  app.post('/sign-out', async (request, reply) => {
    const session = request.session;
    const token = request.sessionToken;
    if (token) {
      await request.tx(async (ctx) => {
        await endSession(ctx.db, token);
        // A person's session has no staff session behind it: the actor (the person) is recorded instead.
        await record(
          ctx,
          session
            ? {
                action: 'sign_out',
                partnershipId: session.partnershipId,
                actorUserId: session.userId,
                actorOrganisationId: session.organisationId,
              }
            : { action: 'sign_out' },
        );
      });
    }
    clearSessionCookie(request, reply);
    return reply.redirect('/sign-in', 303);
  });

  app.get('/account', async (request, reply) => {
    const actor = requireStaff(request);
    const row = await request
      .ctx()
      .db.selectFrom('staff_user')
      .select('password_changed_at')
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    return reply.render('identity/views/account.njk', {
      title: 'Your account',
      section: 'account',
      passwordChangedAt: row.password_changed_at,
      secondFactorRequired: requiresSecondFactor(actor.role),
      training: await myTraining(request.ctx()),
    });
  });

  app.get('/account/password', async (request, reply) => {
    requireStaff(request);
    return reply.render('identity/views/password.njk', {
      title: 'Change your password',
      section: 'account',
      values: {},
    });
  });

  app.post('/account/password', async (request, reply) => {
    const actor = requireStaff(request);
    return handleForm(request, reply, {
      schema: changePasswordInput,
      template: 'identity/views/password.njk',
      data: () => ({ title: 'Change your password', section: 'account' }),
      run: (input) =>
        request.tx(async (ctx) => {
          await changePassword(ctx, actor, input);
          return startSession(
            ctx,
            { partnership_id: actor.partnershipId, id: actor.userId },
            'signed_in',
            settings,
          );
        }),
      done: async (token) => {
        // Every session was closed by the change; this one continues under a new id.
        setSessionCookie(request, reply, token);
        return reply.redirect('/account?changed=password', 303);
      },
    });
  });

  app.get('/account/two-factor', async (request, reply) => {
    const actor = requireStaff(request);
    if (request.session?.totpEnabled) return reply.redirect('/account', 303);
    const setup = await request.tx((ctx) => beginSecondFactor(ctx, actor));
    return reply.render('identity/views/two-factor-setup.njk', {
      title: 'Set up your security app',
      section: 'account',
      setup,
      values: {},
      action: '/account/two-factor',
    });
  });

  app.post('/account/two-factor', async (request, reply) => {
    const actor = requireStaff(request);
    return handleForm(request, reply, {
      schema: codeInput,
      template: 'identity/views/two-factor-setup.njk',
      data: async () => ({
        title: 'Set up your security app',
        section: 'account',
        action: '/account/two-factor',
        setup: await request.tx((ctx) => beginSecondFactor(ctx, actor)),
      }),
      run: (input) => request.tx((ctx) => confirmSecondFactorSetup(ctx, actor, input.code)),
      done: () => reply.redirect('/account', 303),
    });
  });

  app.post('/account/two-factor/remove', async (request, reply) => {
    const actor = requireStaff(request);
    return handleForm(request, reply, {
      schema: removeSecondFactorInput,
      template: 'identity/views/account.njk',
      data: () => ({
        title: 'Your account',
        section: 'account',
        secondFactorRequired: requiresSecondFactor(actor.role),
      }),
      run: (input) => request.tx((ctx) => removeSecondFactor(ctx, actor, input.password)),
      done: () => reply.redirect('/account', 303),
    });
  });

  registerStaffAdmin(app);
  registerIdentityApi(app);
}

function registerStaffAdmin(app: FastifyInstance): void {
  const formData = async (request: FastifyRequest) => ({
    organisations: await listOrganisations(request.ctx()),
    roles: roleItems,
    section: 'staff',
  });

  app.get('/admin/staff', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    const staff = await listStaff(request.ctx());
    return reply.render('identity/views/staff-list.njk', {
      title: 'Staff',
      section: 'staff',
      staff,
      roleLabels,
      now: app.clock.now(),
    });
  });

  app.get('/admin/staff/new', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    return reply.render('identity/views/staff-form.njk', {
      ...(await formData(request)),
      title: 'Add a member of staff',
      creating: true,
      action: '/admin/staff/new',
      back: '/admin/staff',
      values: {},
    });
  });

  app.post('/admin/staff/new', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    return handleForm(request, reply, {
      schema: createStaffInput,
      template: 'identity/views/staff-form.njk',
      data: async () => ({
        ...(await formData(request)),
        title: 'Add a member of staff',
        creating: true,
        action: '/admin/staff/new',
        back: '/admin/staff',
      }),
      run: (input) => request.tx((ctx) => createStaff(ctx, input)),
      done: (created) => reply.redirect(`/admin/staff/${created.id}`, 303),
    });
  });

  app.get<{ Params: { id: string } }>('/admin/staff/:id', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    const staff = await getStaff(request.ctx(), parseId(request.params.id));
    return reply.render('identity/views/staff-show.njk', {
      title: staff.name,
      section: 'staff',
      staff,
      roleLabels,
      locked: staff.locked_until !== null && new Date(staff.locked_until) > app.clock.now(),
      values: {},
    });
  });

  app.post<{ Params: { id: string } }>('/admin/staff/:id/status', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: staffStatusInput,
      template: 'identity/views/staff-show.njk',
      data: async () => {
        const staff = await getStaff(request.ctx(), id);
        return {
          title: staff.name,
          section: 'staff',
          staff,
          roleLabels,
          locked: staff.locked_until !== null && new Date(staff.locked_until) > app.clock.now(),
        };
      },
      run: (input) => request.tx((ctx) => changeStaffStatus(ctx, id, input.change)),
      done: () => reply.redirect(`/admin/staff/${id}`, 303),
    });
  });

  app.get<{ Params: { id: string } }>('/admin/staff/:id/edit', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    const staff = await getStaff(request.ctx(), parseId(request.params.id));
    return reply.render('identity/views/staff-form.njk', {
      ...(await formData(request)),
      title: `Change ${staff.name}`,
      action: `/admin/staff/${staff.id}/edit`,
      back: `/admin/staff/${staff.id}`,
      values: {
        name: staff.name,
        organisationId: staff.organisation_id,
        professionalRole: staff.professional_role,
        partnershipRole: staff.partnership_role,
      },
    });
  });

  app.post<{ Params: { id: string } }>('/admin/staff/:id/edit', async (request, reply) => {
    requireStaff(request, 'staff.manage');
    const id = parseId(request.params.id);
    return handleForm(request, reply, {
      schema: updateStaffInput,
      template: 'identity/views/staff-form.njk',
      data: async () => ({
        ...(await formData(request)),
        title: 'Change a member of staff',
        action: `/admin/staff/${id}/edit`,
        back: `/admin/staff/${id}`,
      }),
      run: (input) => request.tx((ctx) => updateStaff(ctx, id, input)),
      done: () => reply.redirect(`/admin/staff/${id}`, 303),
    });
  });
}

function registerIdentityApi(app: FastifyInstance): void {
  const api = apiDocs('Staff');
  app.get('/api/v1/me', api({ summary: 'Who you are signed in as' }), async (request) => {
    const actor = requireStaff(request);
    const session = request.session!;
    return {
      id: actor.userId,
      name: actor.name,
      email: session.email,
      organisationId: actor.organisationId,
      partnershipId: actor.partnershipId,
      partnershipRole: actor.role,
      secondFactor: session.totpEnabled,
    };
  });

  app.get('/api/v1/staff', api({ summary: 'The staff of the partnership' }), async (request) => {
    requireStaff(request, 'staff.manage');
    const staff = await listStaff(request.ctx());
    return { items: staff.map(staffJson) };
  });

  app.post(
    '/api/v1/staff',
    api({
      summary: 'Add a member of staff',
      body: createStaffInput,
      response: {
        status: 201,
        description: 'The new member of staff; their address is in the Location header',
      },
    }),
    async (request, reply) => {
      requireStaff(request, 'staff.manage');
      const input = parseInput(createStaffInput, request.body);
      const created = await request.tx((ctx) => createStaff(ctx, input));
      const staff = await getStaff(request.ctx(), created.id);
      return reply.code(201).header('location', `/api/v1/staff/${created.id}`).send(staffJson(staff));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/staff/:id',
    api({ summary: 'A member of staff' }),
    async (request) => {
      requireStaff(request, 'staff.manage');
      return staffJson(await getStaff(request.ctx(), parseId(request.params.id)));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/staff/:id',
    api({ summary: 'Change a member of staff', body: updateStaffInput }),
    async (request) => {
      requireStaff(request, 'staff.manage');
      const id = parseId(request.params.id);
      const input = parseInput(updateStaffInput, request.body);
      await request.tx((ctx) => updateStaff(ctx, id, input));
      return staffJson(await getStaff(request.ctx(), id));
    },
  );

  // The same changes as the account status form: disable, enable, unlock, reset_second_factor.
  app.post<{ Params: { id: string } }>(
    '/api/v1/staff/:id/status',
    api({
      summary: 'Disable, enable or unlock an account, or reset its second factor',
      body: staffStatusInput,
    }),
    async (request) => {
      requireStaff(request, 'staff.manage');
      const id = parseId(request.params.id);
      const input = parseInput(staffStatusInput, request.body);
      await request.tx((ctx) => changeStaffStatus(ctx, id, input.change));
      return staffJson(await getStaff(request.ctx(), id));
    },
  );
}

type StaffRow = Awaited<ReturnType<typeof getStaff>>;

function staffJson(s: StaffRow) {
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    organisationId: s.organisation_id,
    organisationName: s.organisation_name,
    professionalRole: s.professional_role,
    partnershipRole: s.partnership_role,
    secondFactor: s.totp_enabled_at !== null,
    disabled: s.disabled_at !== null,
    lockedUntil: s.locked_until === null ? null : new Date(s.locked_until).toISOString(),
  };
}
