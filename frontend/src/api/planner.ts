// Typed calls of the planner: proposals that close a target's gap, and booking them.
import { http } from './index'
import type { components } from './schema'
import type { Target } from './types'

type Schemas = components['schemas']

export type PlannerWindow = Schemas['PlannerWindow']
export type ProposalsRequest = Schemas['ProposalsRequest']
export type Proposal = Schemas['Proposal']
export type Standing = Schemas['Standing']
export type PlannerResult = Schemas['Result']
export type ShortReason = NonNullable<PlannerResult['reason']>
export type AcceptRequest = Schemas['AcceptRequest']

export const plannerApi = {
  target: (id: number) => http.get<Target>(`/targets/${id}`),
  propose: (body: ProposalsRequest) => http.post<PlannerResult>('/planner/proposals', body),
  accept: (body: AcceptRequest) => http.post<Schemas['AcceptResponse']>('/planner/accept', body),
}
