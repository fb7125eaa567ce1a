// Typed calls of the planner: proposals that close a target's gap, and booking them.
import { http } from './index'
import type { AcceptRequest, AcceptResponse, PlannerResult, ProposalsRequest, Target } from './types'

export const plannerApi = {
  target: (id: number) => http.get<Target>(`/targets/${id}`),
  propose: (body: ProposalsRequest) => http.post<PlannerResult>('/planner/proposals', body),
  accept: (body: AcceptRequest) => http.post<AcceptResponse>('/planner/accept', body),
}
