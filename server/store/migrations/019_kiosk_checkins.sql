-- Check-ins a hub's kiosk saw: with a card, in one tap while the person was signed in, or queued while
-- the hub's connection was down and sent later with the kiosk's credential. Each names its kiosk and
-- card. A kiosk cannot claim a queued check-in from before its last upload (no backdating).
ALTER TABLE checkins ADD COLUMN kiosk_id uuid REFERENCES kiosks (id);
ALTER TABLE checkins ADD COLUMN card_id uuid REFERENCES cards (id);
ALTER TABLE kiosks ADD COLUMN checkins_synced_at timestamptz;
