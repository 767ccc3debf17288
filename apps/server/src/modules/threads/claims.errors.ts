import { DomainError, ErrorCode } from '../../errors.js';

export const alreadyClaimed = (ownerId: string, ownerName: string) =>
  new DomainError(ErrorCode.THREAD_ALREADY_CLAIMED, `Taken by ${ownerName}`, { ownerId, ownerName });

export const atCapacity = (name: string, capacity: number) =>
  new DomainError(ErrorCode.AGENT_AT_CAPACITY, `${name} already holds ${capacity} open thread${capacity === 1 ? '' : 's'}, their capacity`, { capacity });

export const unavailable = (name: string, why: string) =>
  new DomainError(ErrorCode.AGENT_UNAVAILABLE, `${name} is ${why}`);

export const notOwner = () =>
  new DomainError(ErrorCode.NOT_THREAD_OWNER, 'Only the owner or a supervisor may do this');

export const notParticipant = () =>
  new DomainError(ErrorCode.NOT_A_PARTICIPANT, 'Join the thread first: only its owner, collaborators and supervisors may reply');
