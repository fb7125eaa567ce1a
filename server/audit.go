package server

import "centerstage/services"

type auditQuery struct {
	Entity   string `form:"entity" doc:"user, venue, station, team, activity, series, target, closure"`
	EntityID uint64 `form:"entity_id"`
	ActorID  uint64 `form:"actor_id"`
	From     string `form:"from" doc:"RFC 3339 instant or local date"`
	To       string `form:"to" doc:"RFC 3339 instant or local date"`
	Page     int    `form:"page"`
	PerPage  int    `form:"per_page"`
}

func (s *Server) auditRoutes() []route {
	return []route{
		{Method: "GET", Path: "/audit", Roles: managers, Handler: listBy(s, (*query).auditFilter, s.svc.Audit.List, list),
			Doc: doc{Summary: "Audit entries, newest first (manager, admin)", Tags: []string{"audit"}, Query: auditQuery{}, Response: listResponse[services.AuditEntry]{}}},
	}
}

func (q *query) auditFilter() services.AuditFilter {
	return services.AuditFilter{Entity: q.c.Query("entity"), EntityID: q.Uint("entity_id"), ActorID: q.Uint("actor_id"),
		From: q.Instant("from"), To: q.Instant("to"), Page: q.Page()}
}
