package appeal

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// queueExtensionSMS tells the citizen the new time limit of an approved
// extension by SMS, when they left a number: the message goes through the
// outbox (at least once, keyed by appeal and version) to the gateway the
// portal configures; without a gateway it waits there. The target is the
// sealed number, never the number in clear.
func (s *Store) queueExtensionSMS(ctx context.Context, tx *store.Tx, a *Appeal, due, now time.Time) error {
	var phone []byte
	if err := tx.QueryRow(ctx, `SELECT phone_enc FROM appeals WHERE id = ?`, a.ID).Scan(&phone); err != nil {
		return fmt.Errorf("appeal %d phone for sms: %w", a.ID, err)
	}
	if len(phone) == 0 {
		return nil
	}
	text := fmt.Sprintf("您反映的诉求（查询码 %s）办理期限已延长至%s，可凭查询码查看办理进度。", a.Code,
		due.In(ui.Shanghai).Format("2006年1月2日15:04"))
	_, err := notify.Enqueue(ctx, tx, now, notify.Delivery{Channel: notify.ChannelSMS, Target: string(phone),
		Subject: "诉求办理期限延长", Body: text, Key: fmt.Sprintf("appeal-ext:%d:%d", a.ID, a.Version)})
	return err
}
