import { CASE_SYSTEM_ID_MAX, PROBLEM_CODES, READY_PAGE_DEFAULT, READY_PAGE_MAX } from './api-export'
import { INITIAL_ASSESSMENTS } from './casework'
import { LEVELS } from './triage'
import { CONCERN_CATEGORIES, REPORTER_KINDS, SAFETY_ANSWERS } from './vocabulary'

/**
 * The export API described as OpenAPI 3.1 (served at /api/v1/openapi.json). Its schemas are
 * JSON Schema 2020-12; tests/integration/api.test.ts validates the document, calls every
 * path and method in it on the running service and checks each answer against its schema,
 * so the document cannot drift from the code.
 */

/** The languages a report may be written in (i18n/config.ts SUPPORTED_LANGUAGES; a unit test keeps them equal). */
export const REPORT_LANGUAGES = ['sv', 'en', 'ar', 'fa', 'fi', 'so', 'sv-x-lattlast'] as const

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] })
const text = { type: 'string' } as const
const nullableText = { type: ['string', 'null'] } as const
const instant = { type: 'string', format: 'date-time' } as const
const uuid = { type: 'string', format: 'uuid' } as const
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } })
const unauthorized = {
  description: 'No access token, or one that is invalid, expired, or of a client since revoked or rotated.',
  headers: { 'WWW-Authenticate': { schema: text } },
  content: { 'application/problem+json': { schema: ref('Problem') } },
}
const rateLimited = {
  description: "Over the client's limit of calls a minute.",
  headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 1 } } },
  content: { 'application/problem+json': { schema: ref('Problem') } },
}
const reportId = { name: 'id', in: 'path', required: true, description: "The report's id (a UUID).", schema: uuid }

const schemas = {
  Problem: {
    type: 'object',
    description: 'An error (RFC 9457). `code` is stable; `title` and `detail` are for people.',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: text,
      title: text,
      status: { type: 'integer' },
      code: { enum: [...PROBLEM_CODES] },
      detail: text,
      parameter: { type: 'string', description: 'The query parameter at fault (invalid_parameter).' },
      fields: { type: 'array', items: text, description: 'The body fields at fault (invalid_body).' },
    },
  },
  TokenResponse: {
    type: 'object',
    required: ['access_token', 'token_type', 'expires_in'],
    additionalProperties: false,
    properties: {
      access_token: { type: 'string', description: 'A JWT; send it as `Authorization: Bearer …`.' },
      token_type: { const: 'Bearer' },
      expires_in: { type: 'integer', minimum: 1, description: 'Seconds until it expires.' },
    },
  },
  OAuthError: {
    type: 'object',
    required: ['error'],
    properties: { error: { enum: ['invalid_request', 'invalid_client', 'unsupported_grant_type'] }, error_description: text },
  },
  Municipality: {
    type: 'object',
    required: ['code', 'name'],
    additionalProperties: false,
    properties: { code: { type: 'string', pattern: '^\\d{4}$' }, name: text },
  },
  ReadyReport: {
    type: 'object',
    required: ['id', 'reference', 'municipality', 'level', 'receivedAt', 'decidedAt'],
    additionalProperties: false,
    properties: {
      id: uuid,
      reference: { type: 'string', description: 'As people read it, e.g. 7KQ2-M4XP-9TB.' },
      municipality: ref('Municipality'),
      level: { enum: [...LEVELS] },
      receivedAt: instant,
      decidedAt: { ...instant, description: 'When the initial assessment was made: the order of the list.' },
    },
  },
  ReadyList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    additionalProperties: false,
    properties: {
      items: { type: 'array', items: ref('ReadyReport') },
      nextCursor: { ...nullableText, description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },
  Person: {
    type: 'object',
    required: ['kind', 'name', 'personalIdentityNumber', 'birthDate', 'approximateAge', 'whereabouts', 'school', 'guardians', 'interpreterNeeded', 'interpreterLanguage'],
    additionalProperties: false,
    properties: {
      kind: { enum: ['child', 'adult'] },
      name: nullableText,
      personalIdentityNumber: { ...nullableText, description: 'Personnummer or samordningsnummer, 12 digits, as given.' },
      birthDate: { ...nullableText, description: 'YYYY-MM-DD' },
      approximateAge: { type: ['integer', 'null'] },
      whereabouts: nullableText,
      school: nullableText,
      guardians: nullableText,
      interpreterNeeded: { type: 'boolean' },
      interpreterLanguage: nullableText,
    },
  },
  Reporter: {
    type: 'object',
    description: 'The reporter as they gave themselves; an anonymous reporter has no name, phone or e-mail.',
    required: ['kind', 'anonymous', 'name', 'phone', 'email', 'relation', 'organisationType', 'organisationName', 'role', 'guardiansInformed', 'guardiansNotInformedReason'],
    additionalProperties: false,
    properties: {
      kind: { enum: [...REPORTER_KINDS] },
      anonymous: { type: 'boolean' },
      name: nullableText,
      phone: nullableText,
      email: nullableText,
      relation: nullableText,
      organisationType: nullableText,
      organisationName: nullableText,
      role: nullableText,
      guardiansInformed: { enum: ['yes', 'no', 'notApplicable', null] },
      guardiansNotInformedReason: nullableText,
    },
  },
  TimelineEvent: {
    type: 'object',
    required: ['id', 'at', 'kind', 'staffName', 'details'],
    additionalProperties: false,
    properties: {
      id: text,
      at: instant,
      kind: { type: 'string', description: 'received, routed, assign, protectionAssessment, decision, transfer, registered, …' },
      staffName: nullableText,
      details: { type: 'object', additionalProperties: { type: ['string', 'boolean', 'null'] } },
    },
  },
  Registration: {
    type: 'object',
    required: ['diaryNumber', 'caseId', 'registeredAt', 'clientName'],
    additionalProperties: false,
    properties: { diaryNumber: text, caseId: text, registeredAt: instant, clientName: nullableText },
  },
  Report: {
    type: 'object',
    required: [
      'id',
      'reference',
      'municipality',
      'status',
      'receivedAt',
      'language',
      'triage',
      'routing',
      'deadlines',
      'protectionNeeded',
      'initialAssessment',
      'categories',
      'description',
      'safetyAnswers',
      'people',
      'reporter',
      'timeline',
      'registration',
    ],
    additionalProperties: false,
    properties: {
      id: uuid,
      reference: text,
      municipality: ref('Municipality'),
      status: { enum: ['new', 'in_progress', 'decided'] },
      receivedAt: instant,
      language: { enum: [...REPORT_LANGUAGES], description: 'The language the report was written in: a hint that an interpreter may be needed.' },
      triage: {
        type: 'object',
        required: ['level', 'rulesetVersion', 'rules'],
        additionalProperties: false,
        properties: {
          level: { enum: [...LEVELS] },
          rulesetVersion: text,
          rules: {
            type: 'array',
            items: { type: 'object', required: ['id', 'description'], additionalProperties: false, properties: { id: text, description: text } },
          },
        },
      },
      routing: {
        type: 'object',
        required: ['destination', 'jourName', 'reason'],
        additionalProperties: false,
        properties: {
          destination: { enum: ['jour', 'intake'] },
          jourName: nullableText,
          reason: { enum: ['after-hours', 'office-hours-alert', 'queue', 'uncovered'] },
        },
      },
      deadlines: {
        type: 'object',
        required: ['protectionAssessmentDue', 'initialAssessmentDue'],
        additionalProperties: false,
        properties: { protectionAssessmentDue: nullable(instant), initialAssessmentDue: nullable(instant) },
      },
      protectionNeeded: { type: ['boolean', 'null'] },
      initialAssessment: nullable({
        type: 'object',
        required: ['decision', 'decidedAt'],
        additionalProperties: false,
        properties: { decision: { enum: [...INITIAL_ASSESSMENTS] }, decidedAt: nullable(instant) },
      }),
      categories: { type: 'array', items: { enum: [...CONCERN_CATEGORIES] } },
      description: text,
      safetyAnswers: { type: 'object', additionalProperties: { enum: [...SAFETY_ANSWERS] } },
      people: { type: 'array', items: ref('Person') },
      reporter: ref('Reporter'),
      timeline: { type: 'array', items: ref('TimelineEvent') },
      registration: nullable(ref('Registration')),
    },
  },
  RegistrationRequest: {
    type: 'object',
    required: ['diaryNumber', 'caseId'],
    additionalProperties: false,
    properties: {
      diaryNumber: { type: 'string', minLength: 1, maxLength: CASE_SYSTEM_ID_MAX, description: 'The diarienummer; no control characters, no spaces at either end.' },
      caseId: { type: 'string', minLength: 1, maxLength: CASE_SYSTEM_ID_MAX, description: "The case system's own id of the case." },
    },
  },
  RegistrationResponse: {
    type: 'object',
    required: ['reportId', 'diaryNumber', 'caseId', 'registeredAt', 'clientName'],
    additionalProperties: false,
    properties: { reportId: uuid, diaryNumber: text, caseId: text, registeredAt: instant, clientName: nullableText },
  },
}

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Orosanmälan export API',
    version: '1.0.0',
    description:
      "For the municipality's case system: the reports that are ready for registration, each as JSON and as a PDF/A document for the record, and the registration back. See docs/integration.md.",
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/token': {
      post: {
        operationId: 'issueToken',
        summary: 'An access token for the client (OAuth 2.0 client credentials)',
        security: [{ clientBasic: [] }, {}],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['grant_type'],
                properties: {
                  grant_type: { const: 'client_credentials' },
                  client_id: { type: 'string', description: 'With client_secret_post; otherwise in HTTP Basic.' },
                  client_secret: text,
                },
              },
            },
          },
        },
        responses: {
          '200': { description: 'The token.', content: { 'application/json': { schema: ref('TokenResponse') } } },
          '400': { description: 'A malformed request or another grant type.', content: { 'application/json': { schema: ref('OAuthError') } } },
          '401': {
            description: 'Unknown client, wrong secret, or a revoked client.',
            headers: { 'WWW-Authenticate': { schema: text } },
            content: { 'application/json': { schema: ref('OAuthError') } },
          },
          '429': rateLimited,
        },
      },
    },
    '/reports': {
      get: {
        operationId: 'listReadyReports',
        summary: "The client's reports ready for registration, oldest decision first",
        parameters: [
          { name: 'status', in: 'query', required: false, schema: { const: 'ready' } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: READY_PAGE_MAX, default: READY_PAGE_DEFAULT } },
          { name: 'cursor', in: 'query', required: false, description: "The previous page's nextCursor.", schema: text },
        ],
        responses: {
          '200': { description: 'A page of the list.', content: { 'application/json': { schema: ref('ReadyList') } } },
          '400': problemResponse('A parameter that is not valid (a cursor the service did not write, a limit out of range, an unknown parameter).'),
          '401': unauthorized,
          '429': rateLimited,
        },
      },
    },
    '/reports/{id}': {
      get: {
        operationId: 'getReport',
        summary: 'One report as JSON',
        parameters: [reportId],
        responses: {
          '200': { description: 'The report.', content: { 'application/json': { schema: ref('Report') } } },
          '401': unauthorized,
          '404': problemResponse("No such report among the client's municipalities."),
          '429': rateLimited,
        },
      },
    },
    '/reports/{id}/pdf': {
      get: {
        operationId: 'getReportPdf',
        summary: 'One report as a PDF/A document for the record',
        parameters: [reportId],
        responses: {
          '200': { description: 'The document (PDF/A-2b).', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
          '401': unauthorized,
          '404': problemResponse("No such report among the client's municipalities."),
          '429': rateLimited,
        },
      },
    },
    '/reports/{id}/registration': {
      post: {
        operationId: 'registerReport',
        summary: "The case system's diary number and case id for a decided report; idempotent",
        parameters: [reportId],
        requestBody: { required: true, content: { 'application/json': { schema: ref('RegistrationRequest') } } },
        responses: {
          '200': { description: 'Registered, now or by the same values before.', content: { 'application/json': { schema: ref('RegistrationResponse') } } },
          '400': problemResponse('A body that is not valid JSON or not a registration.'),
          '401': unauthorized,
          '404': problemResponse("No such report among the client's municipalities."),
          '409': problemResponse('The report is not decided yet (not_ready), or is registered with other values (already_registered).'),
          '413': problemResponse('A body over 4 KB.'),
          '415': problemResponse('A body that is not application/json.'),
          '429': rateLimited,
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      clientBasic: { type: 'http', scheme: 'basic', description: 'client_secret_basic: the client id and secret.' },
    },
    schemas,
  },
} as const
