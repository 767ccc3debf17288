import { AppError, ErrorCode } from '../../graphql/errors.js';

export const alreadyClaimed = (ownerId: string, ownerName: string) =>
  new AppError(ErrorCode.THREAD_ALREADY_CLAIMED, `Taken by ${ownerName}`, { ownerId, ownerName });

export const atCapacity = (name: string, capacity: number) =>
  new AppError(ErrorCode.AGENT_AT_CAPACITY, `${name} already holds ${capacity} open thread${capacity === 1 ? '' : 's'}, their capacity`, { capacity });

export const unavailable = (name: string, why: string) =>
  new AppError(ErrorCode.AGENT_UNAVAILABLE, `${name} is ${why}`);

export const notOwner = () =>
  new AppError(ErrorCode.NOT_THREAD_OWNER, 'Only the owner or a supervisor may do this');

export const notParticipant = () =>
  new AppError(ErrorCode.NOT_A_PARTICIPANT, 'Join the thread first: only its owner, collaborators and supervisors may reply');
