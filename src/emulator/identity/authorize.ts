import { randomBytes, randomUUID } from 'node:crypto';
import { consentedScopes, findUser, grantUserConsent, type DirectoryUser } from './directory';
import { EntraError, entraErrorBody, missingParameter } from './entra-error';
import { accountPickerPage, consentPage, errorPage, formPostPage, type Page } from './pages';
import { canonicalScope, resolveScopes } from './scopes';
import type { AuthorizeRequest, IdentityState, PendingSignIn } from './state';
import { checkUserAllowed, resolveClient, resolveTenantPath } from './tenancy';
import { expandDefault, missingConsent } from './token-endpoint';
import { clientInfo } from './tokens';

/** What an authorize step answers: a page, or a redirect; both may start a session. */
export type Outcome =
  | { kind: 'page'; status: number; page: Page; session?: string }
  | { kind: 'redirect'; location: string; session?: string };

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const FLOW_LIFETIME_MS = 30 * 60 * 1000;
const PROMPTS = ['none', 'login', 'consent', 'select_account'] as const;
const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;

type Params = Record<string, string | undefined>;

/** A failure answered to the app's redirect URI, which is trusted by then. */
class RedirectError extends Error {
  constructor(
    readonly request: AuthorizeRequest,
    readonly failure: EntraError,
  ) {
    super(failure.message);
  }
}

/** `GET|POST /{tenant}/oauth2/v2.0/authorize`. */
export function startAuthorize(
  state: IdentityState,
  segment: string,
  params: Params,
  sessionId: string | undefined,
): Outcome {
  return guarded(state, () => {
    const request = parseRequest(state, segment, params);
    const session = sessionUsers(state, sessionId);
    const hinted = request.loginHint ? findUser(state.directory, request.loginHint) : null;
    if (request.prompt === 'none') {
      if (session.length === 0)
        throw redirectError(
          request,
          400,
          'login_required',
          50058,
          'A silent sign-in request was sent but no user is signed in.',
        );
      const user = hinted
        ? session.find((u) => u.objectId === hinted.objectId)
        : session.length === 1
          ? session[0]
          : undefined;
      if (!user)
        throw redirectError(
          request,
          400,
          'interaction_required',
          16000,
          'Multiple user identities are available for the current request. Select the account to sign in with.',
        );
      return afterAccount(state, request, user, sessionId);
    }
    const sso =
      request.prompt === 'login' || request.prompt === 'select_account'
        ? undefined
        : hinted
          ? session.find((u) => u.objectId === hinted.objectId)
          : session.length === 1 && !request.loginHint
            ? session[0]
            : undefined;
    if (sso) return afterAccount(state, request, sso, sessionId);
    return picker(state, newFlow(state, request), undefined, sessionId);
  });
}

/** `POST /{tenant}/login`: the account picker's answer (an account button, or a typed username). */
export function chooseAccount(state: IdentityState, params: Params, sessionId: string | undefined): Outcome {
  return guarded(state, () => {
    const [id, flow] = pendingFlow(state, params.flow);
    const typed = params.username?.trim();
    const user = params.account
      ? findUser(state.directory, params.account)
      : typed
        ? findUser(state.directory, typed)
        : null;
    if (!user)
      return picker(
        state,
        id,
        'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin. (AADSTS50034)',
        sessionId,
      );
    flow.user = user;
    // A new sign-in joins the browser's session (Entra keeps several accounts signed in).
    return afterAccount(state, flow.request, user, sessionId, id);
  });
}

/** `POST /{tenant}/consent`: Accept grants the requested permissions for this user; Cancel refuses. */
export function answerConsent(state: IdentityState, params: Params, sessionId: string | undefined): Outcome {
  return guarded(state, () => {
    const [id, flow] = pendingFlow(state, params.flow);
    if (!flow.user) throw flowExpired();
    state.flows.delete(id);
    if (params.decision !== 'accept')
      throw redirectError(
        flow.request,
        400,
        'access_denied',
        65004,
        'User declined to consent to access the app.',
      );
    const resolved = resolveScopes(state.directory, flow.request.tenant.tenant, flow.request.scope);
    grantUserConsent(state.directory, flow.user, flow.request.app.appId, [
      ...resolved.oidc,
      ...resolved.permissions
        .filter((p) => p !== '.default')
        .map((p) => canonicalScope(resolved.resource, p)),
    ]);
    return complete(state, flow.request, flow.user, sessionId);
  });
}

function guarded(state: IdentityState, step: () => Outcome): Outcome {
  try {
    return step();
  } catch (error) {
    if (error instanceof RedirectError)
      return respond(error.request, errorParams(state, error.request, error.failure));
    if (error instanceof EntraError)
      return {
        kind: 'page',
        status: error.status,
        page: errorPage('Sorry, but we’re having trouble signing you in.', error.message),
      };
    throw error;
  }
}

/** Validates in Entra's order: nothing goes to a redirect URI before it is known to be registered. */
function parseRequest(state: IdentityState, segment: string, p: Params): AuthorizeRequest {
  const tenant = resolveTenantPath(state, segment);
  const app = resolveClient(state, tenant, p.client_id);
  const registered = [...app.spaRedirectUris, ...app.webRedirectUris];
  const redirectUri = p.redirect_uri ?? registered[0];
  if (!redirectUri) throw new EntraError(400, 'invalid_request', 900971, 'No reply address provided.');
  if (!registered.includes(redirectUri))
    throw new EntraError(
      400,
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
    );
  const mode = (RESPONSE_MODES as readonly string[]).includes(p.response_mode ?? '')
    ? (p.response_mode as AuthorizeRequest['responseMode'])
    : 'query';
  const request: AuthorizeRequest = {
    tenant,
    app,
    redirectUri,
    responseMode: mode,
    state: p.state,
    nonce: p.nonce,
    scope: p.scope ?? '',
    codeChallenge: undefined,
    prompt: (PROMPTS as readonly string[]).includes(p.prompt ?? '')
      ? (p.prompt as AuthorizeRequest['prompt'])
      : undefined,
    loginHint: p.login_hint || undefined,
    clientInfo: p.client_info === '1',
  };
  try {
    validateRest(state, request, p);
  } catch (error) {
    if (error instanceof EntraError) throw new RedirectError(request, error);
    throw error;
  }
  return request;
}

function validateRest(state: IdentityState, request: AuthorizeRequest, p: Params): void {
  if (p.response_mode !== undefined && request.responseMode !== p.response_mode)
    throw new EntraError(
      400,
      'invalid_request',
      70007,
      `The requested response mode '${p.response_mode}' is not supported.`,
    );
  if (!p.response_type) throw missingParameter('response_type');
  if (p.response_type !== 'code') {
    const kind = p.response_type.split(' ').find((t) => t !== 'code') ?? p.response_type;
    throw new EntraError(
      400,
      'unsupported_response_type',
      700054,
      `response_type '${kind}' is not enabled for the application.`,
    );
  }
  if (p.prompt !== undefined && request.prompt === undefined)
    throw new EntraError(
      400,
      'invalid_request',
      90023,
      `Invalid value '${p.prompt}' for the 'prompt' parameter.`,
    );
  if (!p.scope) throw missingParameter('scope');
  resolveScopes(state.directory, request.tenant.tenant, p.scope);
  if (p.code_challenge !== undefined) {
    const method = p.code_challenge_method ?? 'plain';
    if (method !== 'S256' && method !== 'plain')
      throw new EntraError(400, 'invalid_request', 501491, `Invalid code_challenge_method '${method}'.`);
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(p.code_challenge))
      throw new EntraError(400, 'invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
    request.codeChallenge = { value: p.code_challenge, method };
  }
}

function redirectError(
  request: AuthorizeRequest,
  status: number,
  error: EntraError['error'],
  aadsts: number,
  detail: string,
): RedirectError {
  return new RedirectError(request, new EntraError(status, error, aadsts, detail));
}

function sessionUsers(state: IdentityState, sessionId: string | undefined): DirectoryUser[] {
  const session = sessionId ? state.sessions.get(sessionId) : undefined;
  return [...(session?.userIds ?? [])]
    .map((id) => findUser(state.directory, id))
    .filter((u): u is DirectoryUser => !!u);
}

function newFlow(state: IdentityState, request: AuthorizeRequest): string {
  const id = randomBytes(24).toString('base64url');
  state.flows.set(id, { request, user: null, expiresAt: state.now() + FLOW_LIFETIME_MS });
  return id;
}

function pendingFlow(state: IdentityState, id: string | undefined): [string, PendingSignIn] {
  const flow = id ? state.flows.get(id) : undefined;
  if (!id || !flow || flow.expiresAt < state.now()) throw flowExpired();
  return [id, flow];
}

function flowExpired(): EntraError {
  return new EntraError(
    400,
    'invalid_request',
    50089,
    'Authentication failed due to flow token expired. Start the sign-in again.',
  );
}

function picker(
  state: IdentityState,
  flow: string,
  error: string | undefined,
  sessionId: string | undefined,
): Outcome {
  const { request } = state.flows.get(flow)!;
  const signedIn = new Set(sessionUsers(state, sessionId).map((u) => u.objectId));
  const tenantId = request.tenant.tenantId;
  const accounts = state.directory.users
    .filter((u) => tenantId === null || u.tenantId === tenantId)
    .map((u) => ({
      objectId: u.objectId,
      name: u.displayName,
      username: u.userPrincipalName,
      signedIn: signedIn.has(u.objectId),
    }));
  const page = accountPickerPage({
    action: `${state.origin()}/${request.tenant.segment}/login`,
    flow,
    appName: request.app.displayName,
    accounts,
    loginHint: request.loginHint,
    error,
    redirectUri: request.redirectUri,
  });
  return { kind: 'page', status: error ? 400 : 200, page };
}

/** The account is known: its tenant must be allowed, then consent, then the code. */
function afterAccount(
  state: IdentityState,
  request: AuthorizeRequest,
  user: DirectoryUser,
  sessionId: string | undefined,
  flowId?: string,
): Outcome {
  try {
    checkUserAllowed(state, request.tenant, request.app, user);
  } catch (error) {
    if (request.prompt === 'none' && error instanceof EntraError) throw new RedirectError(request, error);
    throw error;
  }
  const consented = consentedScopes(state.directory, user, request.app.appId);
  const missing = missingConsent(
    consented,
    expandDefault(consented, resolveScopes(state.directory, request.tenant.tenant, request.scope)),
  );
  if (missing.length === 0 && request.prompt !== 'consent') return complete(state, request, user, sessionId);
  if (request.prompt === 'none')
    throw redirectError(
      request,
      400,
      'consent_required',
      65001,
      `The user or administrator has not consented to use the application with ID '${request.app.appId}' named '${request.app.displayName}'. Send an interactive authorization request for this user and resource.`,
    );
  const id = flowId ?? newFlow(state, request);
  state.flows.get(id)!.user = user;
  const page = consentPage({
    action: `${state.origin()}/${request.tenant.segment}/consent`,
    flow: id,
    appName: request.app.displayName,
    username: user.userPrincipalName,
    permissions: missing.length ? missing : [...consented],
    redirectUri: request.redirectUri,
  });
  return { kind: 'page', status: 200, page };
}

/** Issues the code, signs the account into the browser's session and answers the redirect URI. */
function complete(
  state: IdentityState,
  request: AuthorizeRequest,
  user: DirectoryUser,
  sessionId: string | undefined,
): Outcome {
  const resolved = expandDefault(
    consentedScopes(state.directory, user, request.app.appId),
    resolveScopes(state.directory, request.tenant.tenant, request.scope),
  );
  const code = `1.${randomBytes(48).toString('base64url')}`;
  state.codes.set(code, {
    clientId: request.app.appId,
    redirectUri: request.redirectUri,
    user,
    tenant: { segment: request.tenant.segment, tenantId: request.tenant.tenantId },
    scopes: [...resolved.oidc, ...resolved.permissions.map((p) => canonicalScope(resolved.resource, p))],
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    authTime: state.now(),
    expiresAt: state.now() + CODE_LIFETIME_MS,
    redeemed: false,
  });
  const session =
    sessionId && state.sessions.has(sessionId) ? sessionId : randomBytes(24).toString('base64url');
  const entry = state.sessions.get(session) ?? { userIds: new Set<string>() };
  entry.userIds.add(user.objectId);
  state.sessions.set(session, entry);
  const params: Record<string, string> = { code };
  if (request.clientInfo) params.client_info = clientInfo(user);
  if (request.state !== undefined) params.state = request.state;
  params.session_state = randomUUID();
  return { ...respond(request, params), session };
}

function errorParams(
  state: IdentityState,
  request: AuthorizeRequest,
  error: EntraError,
): Record<string, string> {
  const body = entraErrorBody(error, state.now());
  return {
    error: body.error,
    error_description: body.error_description,
    ...(request.state !== undefined ? { state: request.state } : {}),
  };
}

/** The answer in the request's response mode: query, fragment, or an auto-posting form. */
function respond(request: AuthorizeRequest, params: Record<string, string>): Outcome {
  if (request.responseMode === 'form_post')
    return { kind: 'page', status: 200, page: formPostPage(request.redirectUri, params) };
  const encoded = new URLSearchParams(params).toString();
  if (request.responseMode === 'fragment')
    return { kind: 'redirect', location: `${request.redirectUri.split('#')[0]}#${encoded}` };
  const url = request.redirectUri.split('#')[0]!;
  return { kind: 'redirect', location: `${url}${url.includes('?') ? '&' : '?'}${encoded}` };
}
