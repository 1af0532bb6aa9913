-- ErrorMiddleware.Quota.PostgreSql: the quota ledger.
-- Run it once per database, or call PostgreSqlQuotaService.EnsureSchemaAsync(). {schema} is the only placeholder and
-- psql cannot fill it (psql variables are not expanded inside the $$ function bodies), so substitute it first:
--   sed 's/{schema}/quota/g' Schema.sql | psql -v ON_ERROR_STOP=1 -f -
-- Every statement is idempotent. The functions expect READ COMMITTED (the service runs each call in such a transaction).
--
-- accounts:      what each account holds; "frozen" is the sum of its live reservations.
-- reservations:  one row per freeze, a lease: state 0 = frozen, 1 = committed, 2 = released, 3 = lapsed (its instance
--                never settled it before expires_at; its cost went back to the account).
-- Every function that changes an account locks its accounts row first, so two instances never interleave on one account
-- and locks are always taken in the same order (account, then its reservations).

CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.accounts (
    account_id    text        PRIMARY KEY,
    balance       bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    resource_pack bigint      NOT NULL DEFAULT 0 CHECK (resource_pack >= 0),
    frozen        bigint      NOT NULL DEFAULT 0 CHECK (frozen >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS {schema}.reservations (
    id          uuid        PRIMARY KEY,
    account_id  text        NOT NULL REFERENCES {schema}.accounts (account_id) ON DELETE CASCADE,
    cost        bigint      NOT NULL CHECK (cost >= 0),
    action      text        NOT NULL,
    state       smallint    NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    settled_at  timestamptz
);

CREATE INDEX IF NOT EXISTS reservations_live ON {schema}.reservations (account_id, expires_at) WHERE state = 0;
CREATE INDEX IF NOT EXISTS reservations_expiry ON {schema}.reservations (expires_at) WHERE state = 0;

-- Gives back the cost of the account's lapsed reservations; the caller holds the account's row lock.
-- Returns the amount given back.
CREATE OR REPLACE FUNCTION {schema}.lapse(p_account text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_lapsed bigint;
BEGIN
    WITH lapsed AS (
        UPDATE {schema}.reservations SET state = 3, settled_at = now()
        WHERE account_id = p_account AND state = 0 AND expires_at <= now()
        RETURNING cost)
    SELECT COALESCE(sum(cost), 0) INTO v_lapsed FROM lapsed;
    IF v_lapsed > 0 THEN
        UPDATE {schema}.accounts SET frozen = frozen - v_lapsed, updated_at = now() WHERE account_id = p_account;
    END IF;
    RETURN v_lapsed;
END $$;

-- Freezes p_cost on the account for p_ttl. Returns 0 = frozen, 1 = the balance does not cover the cost,
-- 2 = no balance and no resource pack (or no such account). Lapsed reservations of the account are given back first.
CREATE OR REPLACE FUNCTION {schema}.freeze(p_account text, p_cost bigint, p_id uuid, p_action text, p_ttl interval)
RETURNS smallint
LANGUAGE plpgsql AS $$
DECLARE
    v_total  bigint;
BEGIN
    SELECT balance + resource_pack INTO v_total FROM {schema}.accounts WHERE account_id = p_account FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 2;
    END IF;
    PERFORM {schema}.lapse(p_account);
    IF v_total = 0 THEN
        RETURN 2;
    END IF;
    UPDATE {schema}.accounts SET frozen = frozen + p_cost, updated_at = now()
    WHERE account_id = p_account AND balance + resource_pack - frozen >= p_cost;
    IF NOT FOUND THEN
        RETURN 1;
    END IF;
    INSERT INTO {schema}.reservations (id, account_id, cost, action, expires_at)
    VALUES (p_id, p_account, p_cost, p_action, now() + p_ttl);
    RETURN 0;
END $$;

-- Settles a reservation. p_commit: charge it (resource pack first, then balance), else give it back.
-- Returns the reservation's state before the call: 0 = it was live and is now settled as asked; 1 = already committed;
-- 2 = already released; 3 = lapsed (now or earlier: a late commit is refused, nothing is charged); 4 = unknown.
CREATE OR REPLACE FUNCTION {schema}.settle(p_id uuid, p_commit boolean) RETURNS smallint
LANGUAGE plpgsql AS $$
DECLARE
    v_account text;
    v_cost    bigint;
    v_state   smallint;
BEGIN
    SELECT account_id INTO v_account FROM {schema}.reservations WHERE id = p_id;
    IF NOT FOUND THEN
        RETURN 4;
    END IF;
    PERFORM 1 FROM {schema}.accounts WHERE account_id = v_account FOR UPDATE;
    PERFORM {schema}.lapse(v_account);
    SELECT cost, state INTO v_cost, v_state FROM {schema}.reservations WHERE id = p_id;
    IF v_state <> 0 THEN
        RETURN v_state;
    END IF;
    IF p_commit THEN
        UPDATE {schema}.reservations SET state = 1, settled_at = now() WHERE id = p_id;
        UPDATE {schema}.accounts
        SET frozen = frozen - v_cost,
            resource_pack = resource_pack - LEAST(resource_pack, v_cost),
            -- Never below 0: the ledger keeps balance + resource_pack >= frozen, but a direct write may have broken it.
        balance = GREATEST(0, balance - (v_cost - LEAST(resource_pack, v_cost))),
            updated_at = now()
        WHERE account_id = v_account;
    ELSE
        UPDATE {schema}.reservations SET state = 2, settled_at = now() WHERE id = p_id;
        UPDATE {schema}.accounts SET frozen = frozen - v_cost, updated_at = now() WHERE account_id = v_account;
    END IF;
    RETURN 0;
END $$;

-- Gives back every lapsed reservation, at most p_limit accounts per call. Returns the number of accounts touched.
CREATE OR REPLACE FUNCTION {schema}.sweep(p_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_account text;
    v_count   integer := 0;
BEGIN
    -- Locks in account order and skips accounts another call holds (their next call lapses them anyway): two sweeps,
    -- or a sweep and a freeze, never wait on each other, so they cannot deadlock.
    FOR v_account IN
        SELECT a.account_id FROM {schema}.accounts a
        WHERE a.account_id IN (
            SELECT DISTINCT r.account_id FROM {schema}.reservations r WHERE r.state = 0 AND r.expires_at <= now() LIMIT p_limit)
        ORDER BY a.account_id
        FOR UPDATE SKIP LOCKED
    LOOP
        PERFORM {schema}.lapse(v_account);
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END $$;

-- Sets what an account holds (creating it), keeping its frozen costs. Refused when the new total is below what its live
-- reservations hold (balance + resource_pack >= frozen is the ledger's invariant; nothing else writes frozen).
-- Returns -1 when saved, else the frozen amount that refused it.
CREATE OR REPLACE FUNCTION {schema}.set_balance(p_account text, p_balance bigint, p_pack bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_frozen bigint;
BEGIN
    INSERT INTO {schema}.accounts (account_id) VALUES (p_account) ON CONFLICT (account_id) DO NOTHING;
    PERFORM 1 FROM {schema}.accounts WHERE account_id = p_account FOR UPDATE;
    PERFORM {schema}.lapse(p_account);
    SELECT frozen INTO v_frozen FROM {schema}.accounts WHERE account_id = p_account;
    IF p_balance + p_pack < v_frozen THEN
        RETURN v_frozen;
    END IF;
    UPDATE {schema}.accounts SET balance = p_balance, resource_pack = p_pack, updated_at = now() WHERE account_id = p_account;
    RETURN -1;
END $$;
