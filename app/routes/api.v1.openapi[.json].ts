import { OPENAPI_DOCUMENT } from '~/domain/api-openapi'
import { apiJson, methodNotAllowed } from '~/server/api-http.server'

/** GET /api/v1/openapi.json: the export API's description, open to anyone (it holds no data). */
export function loader() {
  return apiJson(OPENAPI_DOCUMENT)
}

export function action() {
  return methodNotAllowed('GET')
}
