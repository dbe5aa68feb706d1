-- What a credited unit cost (price per unit in another asset), when the depositor says: the cost basis of holdings
-- that entered the ledger from outside.

ALTER TABLE transactions
    ADD COLUMN unit_cost_price numeric NULL CHECK (unit_cost_price > 0),
    ADD COLUMN unit_cost_asset text    NULL REFERENCES assets (code),
    ADD CONSTRAINT transactions_unit_cost CHECK ((unit_cost_price IS NULL) = (unit_cost_asset IS NULL));
