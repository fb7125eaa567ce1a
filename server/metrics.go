package server

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"centerstage/models"
	"centerstage/services"
)

// metrics are the server's Prometheus metrics, in a registry of its own.
type metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	conflicts *prometheus.CounterVec
	handler   http.Handler
}

// errorKindKey is where abort leaves the kind of the error it wrote, for the
// metrics.
const errorKindKey = "centerstage.error_kind"

func (s *Server) newMetrics() *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "centerstage_http_requests_total",
		Help: "HTTP requests answered, by method, route template and status.",
	}, []string{"method", "route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "centerstage_http_request_duration_seconds",
		Help:    "Time from a request's arrival to its answer, by method and route template.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "route"})
	m.conflicts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "centerstage_conflicts_total",
		Help: "Requests refused with the conflict error (a booking's clash, a taken name or date), by route template.",
	}, []string{"route"})
	m.registry.MustRegister(m.requests, m.latency, m.conflicts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if s.svc.DBStats != nil {
		m.registry.MustRegister(dbStatsCollector{stats: s.svc.DBStats})
	}
	if s.svc.TxCounts != nil {
		m.registry.MustRegister(txCollector{counts: s.svc.TxCounts})
	}
	if s.svc.Dashboards != nil {
		m.registry.MustRegister(cacheCollector{stats: s.svc.Dashboards.CacheStats})
	}
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

// routeLabel is the route template of a request: the path with its
// parameters named, never the ids in it, so the metrics neither leak data
// nor grow with it.
func routeLabel(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "unmatched"
}

// measure counts every request and times it.
func (s *Server) measure(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := routeLabel(c)
	s.metrics.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
	s.metrics.latency.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
	if k, ok := c.Get(errorKindKey); ok && k == services.Conflict {
		s.metrics.conflicts.WithLabelValues(route).Inc()
	}
}

// serveMetrics answers GET /metrics to those allowed (see metricsAllowed).
func (s *Server) serveMetrics(c *gin.Context) {
	if !s.metricsAllowed(c.Request) {
		abort(c, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil,
			"the metrics are for the loopback interface, or for the holder of the metrics token"))
		return
	}
	c.Header("Cache-Control", "no-store")
	s.metrics.handler.ServeHTTP(c.Writer, c.Request)
}

// metricsAllowed decides who reads /metrics. With a token configured, only
// a request bearing it (from anywhere: a scraper on another host). Without
// one, only a request made on the loopback interface directly, not one a
// proxy on the same host forwarded (it carries a forwarding header): a
// reverse proxy in front would otherwise make every outside caller look
// local.
func (s *Server) metricsAllowed(r *http.Request) bool {
	if tok := s.cfg.MetricsToken; tok != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
	}
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dbStatsCollector reports the connection pool's statistics at each scrape.
type dbStatsCollector struct{ stats func() models.PoolStats }

var (
	dbMaxOpen = prometheus.NewDesc("centerstage_db_max_open_connections", "Largest number of open connections the pool allows.", nil, nil)
	dbOpen    = prometheus.NewDesc("centerstage_db_open_connections", "Connections open, in use or idle.", nil, nil)
	dbInUse   = prometheus.NewDesc("centerstage_db_in_use_connections", "Connections in use.", nil, nil)
	dbIdle    = prometheus.NewDesc("centerstage_db_idle_connections", "Idle connections.", nil, nil)
	dbWaits   = prometheus.NewDesc("centerstage_db_wait_count_total", "Times a query waited for a free connection.", nil, nil)
	dbWaited  = prometheus.NewDesc("centerstage_db_wait_duration_seconds_total", "Time spent waiting for a free connection.", nil, nil)
	dbClosed  = prometheus.NewDesc("centerstage_db_closed_connections_total", "Connections closed by the pool, by why.", []string{"reason"}, nil)
)

func (dbStatsCollector) Describe(ch chan<- *prometheus.Desc) {
	describeAll(ch, dbMaxOpen, dbOpen, dbInUse, dbIdle, dbWaits, dbWaited, dbClosed)
}

func (d dbStatsCollector) Collect(ch chan<- prometheus.Metric) {
	st := d.stats()
	gauge(ch, dbMaxOpen, float64(st.MaxOpenConnections))
	gauge(ch, dbOpen, float64(st.OpenConnections))
	gauge(ch, dbInUse, float64(st.InUse))
	gauge(ch, dbIdle, float64(st.Idle))
	counter(ch, dbWaits, float64(st.WaitCount))
	counter(ch, dbWaited, st.WaitDuration.Seconds())
	for reason, n := range map[string]int64{"max_idle": st.MaxIdleClosed, "max_idle_time": st.MaxIdleTimeClosed, "max_lifetime": st.MaxLifetimeClosed} {
		counter(ch, dbClosed, float64(n), reason)
	}
}

// txCollector reports the transactions' retries and the data generation.
type txCollector struct{ counts func() models.TxCounts }

var (
	txRetries = prometheus.NewDesc("centerstage_tx_retries_total",
		"Transactions run again after losing to another (a booking racing another for a slot), by why.", []string{"reason"}, nil)
	genRaises = prometheus.NewDesc("centerstage_data_generation_raises_total",
		"Writing transactions that raised the data generation (each drops the dashboards' cached answers).", nil, nil)
)

func (txCollector) Describe(ch chan<- *prometheus.Desc) { describeAll(ch, txRetries, genRaises) }

func (t txCollector) Collect(ch chan<- prometheus.Metric) {
	c := t.counts()
	for _, r := range models.RetryReasons {
		counter(ch, txRetries, float64(c.Retries[r]), r)
	}
	counter(ch, genRaises, float64(c.GenerationRaises))
}

// cacheCollector reports the dashboards' cache.
type cacheCollector struct{ stats func() services.CacheStats }

var (
	cacheLookups = prometheus.NewDesc("centerstage_cache_requests_total",
		"Dashboard answers asked of the cache, by result: hit, or miss (computed).", []string{"result"}, nil)
	cacheRaced = prometheus.NewDesc("centerstage_cache_raced_total",
		"Computed answers not kept because a write committed while they were computed.", nil, nil)
	cacheEvicted = prometheus.NewDesc("centerstage_cache_evictions_total", "Answers dropped to stay within the cache's bound.", nil, nil)
	cacheEntries = prometheus.NewDesc("centerstage_cache_entries", "Answers the cache holds.", nil, nil)
	cacheBytes   = prometheus.NewDesc("centerstage_cache_bytes", "Size of the answers the cache holds (their JSON).", nil, nil)
)

func (cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	describeAll(ch, cacheLookups, cacheRaced, cacheEvicted, cacheEntries, cacheBytes)
}

func (c cacheCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.stats()
	counter(ch, cacheLookups, float64(st.Hits), "hit")
	counter(ch, cacheLookups, float64(st.Misses), "miss")
	counter(ch, cacheRaced, float64(st.Raced))
	counter(ch, cacheEvicted, float64(st.Evicted))
	gauge(ch, cacheEntries, float64(st.Entries))
	gauge(ch, cacheBytes, float64(st.Bytes))
}

// describeAll sends a collector's descriptions, for its Describe.
func describeAll(ch chan<- *prometheus.Desc, descs ...*prometheus.Desc) {
	for _, d := range descs {
		ch <- d
	}
}

// counter sends a counter's value at a scrape, for a collector's Collect.
func counter(ch chan<- prometheus.Metric, desc *prometheus.Desc, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, v, labels...)
}

// gauge sends a gauge's value at a scrape, for a collector's Collect.
func gauge(ch chan<- prometheus.Metric, desc *prometheus.Desc, v float64) {
	ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v)
}
