-- Ops staff can reprocess every served image (after a slot preset changed): a new kind of
-- audited action, over all images.
ALTER TABLE ops_actions DROP CONSTRAINT ops_actions_action_check;
ALTER TABLE ops_actions ADD CONSTRAINT ops_actions_action_check
    CHECK (action IN ('retry', 'discard', 'reprocess'));
ALTER TABLE ops_actions DROP CONSTRAINT ops_actions_scope_check;
ALTER TABLE ops_actions ADD CONSTRAINT ops_actions_scope_check
    CHECK (scope IN ('one', 'selected', 'matching', 'all'));
