-- Token signing keys (contract §11): stored encrypted with watchword.secrets.key (AES-GCM, the
-- kid as associated data), several at a time so an admin can rotate. The newest key without
-- retired_at signs; the JWKS lists every key not retired longer than watchword.token.lifetime ago.
-- The clear key of earlier versions (ww_server_secret 'token-signing-key') is moved here,
-- encrypted, by the first node that starts (io.watchword.token.control.SigningKeys).
create table ww_signing_key (
    kid         varchar(64)    not null primary key,
    key_value   varchar(8000)  not null,
    created_at  timestamp with time zone not null,
    retired_at  timestamp with time zone
);
