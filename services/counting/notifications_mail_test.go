package counting_test

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services/counting"
)

// smtpServer is a tiny SMTP server for tests: it accepts every mail and
// keeps the recipients and the data.
type smtpServer struct {
	ln    net.Listener
	mu    sync.Mutex
	mails []smtpMail
}

type smtpMail struct {
	to   []string
	data string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(line string) { conn.Write([]byte(line + "\r\n")) }
	say("220 test ESMTP")
	var m smtpMail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			m = smtpMail{}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			m.to = append(m.to, strings.Trim(strings.TrimSpace(line)[len("RCPT TO:"):], "<>"))
			say("250 ok")
		case cmd == "DATA":
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.data = b.String()
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpServer) sent() []smtpMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMail(nil), s.mails...)
}

// TestDigestMail: a staff member with a digest address and an unrecorded
// activity gets one mail a day through the SMTP server; a user without an
// address or without unread reminders gets none.
func TestDigestMail(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	srv := startSMTP(t)
	x, y := c.user("x", models.RoleStaff), c.user("y", models.RoleStaff)
	c.user("z", models.RoleStaff)
	c.add(act{kind: "lecture", start: "2026-06-10 09:00", staff: []uint64{x}, title: "书法讲座"}) // ended, not recorded
	clock := func() time.Time { return c.now }
	n := counting.NewNotifications(c.db, clock, c.loc, c.progress)
	_, err := n.SetDigestAddress(ctx, c.actor(x, models.RoleStaff), "x@example.org")
	c.must(err)
	_, err = n.SetDigestAddress(ctx, c.actor(y, models.RoleStaff), "y@example.org") // y has nothing to do
	c.must(err)
	if _, err := n.SetDigestAddress(ctx, c.actor(y, models.RoleStaff), "not an address"); !namesField(err, "email") {
		t.Errorf("bad address: %v, want invalid naming email", err)
	}
	m, err := counting.NewSMTPMailer("smtp://" + srv.ln.Addr().String() + "?from=center@example.org")
	c.must(err)
	sent, err := n.SendDigests(ctx, m)
	c.must(err)
	mails := srv.sent()
	if sent != 1 || len(mails) != 1 || mails[0].to[0] != "x@example.org" {
		t.Fatalf("sent %d: %+v, want one mail to x", sent, mails)
	}
	if !strings.Contains(mails[0].data, "书法讲座 (2026-06-10)") || !strings.Contains(mails[0].data, "Subject: =?UTF-8?B?") {
		t.Errorf("mail:\n%s", mails[0].data)
	}
	// The same day again, as another instance would: nothing more is sent.
	if sent, err := n.SendDigests(ctx, m); err != nil || sent != 0 || len(srv.sent()) != 1 {
		t.Errorf("second run the same day: sent %d, %v", sent, err)
	}
}
