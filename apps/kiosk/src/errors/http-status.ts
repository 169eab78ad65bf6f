import { HttpStatus } from '@nestjs/common';
import type { DomainErrorCode } from './domain-error';

/** The HTTP status of each domain error code (RFC 9110 meanings). */
export function httpStatusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case 'invalid-input':
    case 'invalid-uid':
    case 'random-uid':
    case 'pan-as-uid':
    case 'invalid-pan':
    case 'invalid-name':
    case 'invalid-validity':
    case 'backup-unusable':
      return HttpStatus.BAD_REQUEST;
    case 'holder-not-found':
    case 'credential-not-found':
    case 'enrolment-not-found':
    case 'door-not-found':
    case 'schedule-not-found':
    case 'holiday-calendar-not-found':
    case 'access-group-not-found':
    case 'token-not-found':
      return HttpStatus.NOT_FOUND;
    case 'already-enrolled':
    case 'token-name-taken':
    case 'name-taken':
    case 'in-use':
    case 'door-offline':
    case 'file-exists':
      return HttpStatus.CONFLICT;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'database-unavailable':
    case 'database-in-use':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'config-invalid':
    case 'pan-key-unusable':
    case 'audit-key-unusable':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
