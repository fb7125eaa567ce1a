package counting

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
	"centerstage/services"
)

// Mailer sends one plain-text mail.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTPMailer sends mail through an SMTP server given as a URL:
// smtp://[user:password@]host:port?from=address.
type SMTPMailer struct {
	addr string
	from string
	auth smtp.Auth
}

// NewSMTPMailer parses an SMTP URL.
func NewSMTPMailer(raw string) (*SMTPMailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return nil, fmt.Errorf("CENTERSTAGE_SMTP_URL must look like smtp://user:password@host:587?from=center@example.org")
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, port = u.Host, "25"
	}
	from := u.Query().Get("from")
	if from == "" {
		from = "centerstage@" + host
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("CENTERSTAGE_SMTP_URL from=%q is not a mail address", from)
	}
	m := &SMTPMailer{addr: net.JoinHostPort(host, port), from: from}
	if u.User != nil {
		pw, _ := u.User.Password()
		m.auth = smtp.PlainAuth("", u.User.Username(), pw, host)
	}
	return m, nil
}

// Send delivers one mail; the subject is encoded for non-ASCII text.
func (m *SMTPMailer) Send(ctx context.Context, to, subject, body string) error {
	msg := "From: " + m.from + "\r\nTo: " + to + "\r\nSubject: " + mimeWord(subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(m.addr, m.auth, m.from, []string{to}, []byte(msg)) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func mimeWord(s string) string {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return "=?UTF-8?B?" + b64(s) + "?="
		}
	}
	return s
}

// DigestAddress returns where the actor's digest goes (empty: nowhere).
func (n *Notifications) DigestAddress(ctx context.Context, actor services.Actor) (string, error) {
	var p models.NotificationPref
	err := n.db.WithContext(ctx).First(&p, actor.UserID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load digest address: %w", err)
	}
	return p.Email, nil
}

// SetDigestAddress sets where the actor's digest goes; empty turns it off.
func (n *Notifications) SetDigestAddress(ctx context.Context, actor services.Actor, email string) (string, error) {
	if actor.Role == "" {
		return "", services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	email = strings.TrimSpace(email)
	if email != "" {
		a, err := mail.ParseAddress(email)
		if err != nil || a.Address != email || len(email) > 200 {
			return "", services.FieldError("email", services.InvalidFormat("name@example.org", "must be a mail address like name@example.org"))
		}
	}
	p := models.NotificationPref{UserID: actor.UserID, Email: email, UpdatedAt: n.clock().UTC()}
	err := n.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"email", "updated_at"})}).Create(&p).Error
	if err != nil {
		return "", fmt.Errorf("set digest address: %w", err)
	}
	return email, nil
}

// SendDigests mails each active user with a digest address their unread
// reminders, once per local date across every instance: the first instance
// to claim the date sends. It answers how many mails were sent.
func (n *Notifications) SendDigests(ctx context.Context, m Mailer) (int, error) {
	db := n.db.WithContext(ctx)
	day := services.LocalDate(n.clock(), n.loc)
	// The claim is a tracked write: in the services' transaction, a claim
	// that lost a cluster's certification (to another instance claiming the
	// same date, or to any write raising the same generation slot) is run
	// again, and then finds the date claimed, instead of failing.
	var claimed bool
	err := n.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&models.Setting{Key: "digest_sent:" + day, Value: n.clock().UTC().Format(time.RFC3339)})
		claimed = res.RowsAffected > 0
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("claim the digest of %s: %w", day, err)
	}
	if !claimed {
		return 0, nil // another instance sent today's digest
	}
	var prefs []models.NotificationPref
	if err := db.Where("email <> ''").Order("user_id").Find(&prefs).Error; err != nil {
		return 0, fmt.Errorf("load digest addresses: %w", err)
	}
	sent := 0
	var errs []error
	for _, p := range prefs {
		var u models.User
		if err := db.First(&u, p.UserID).Error; err != nil || !u.Active {
			continue
		}
		items, err := n.List(ctx, services.Actor{UserID: u.ID, Username: u.Username, Role: u.Role})
		if err != nil {
			return sent, err
		}
		if Unread(items) == 0 {
			continue
		}
		if err := m.Send(ctx, p.Email, fmt.Sprintf("CenterStage 提醒 %s (%d)", day, Unread(items)), digestText(items)); err != nil {
			errs = append(errs, fmt.Errorf("mail %s: %w", p.Email, err))
			continue
		}
		sent++
	}
	return sent, errors.Join(errs...)
}

// RunDigests sends the daily digest at hour (local) or later, checking every
// interval until ctx ends. Errors go to report.
func (n *Notifications) RunDigests(ctx context.Context, m Mailer, hour int, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n.clock().In(n.loc).Hour() >= hour {
			if _, err := n.SendDigests(ctx, m); err != nil {
				report(err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
