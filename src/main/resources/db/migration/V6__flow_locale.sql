-- The flow's locale (contract §10): the start body's locale, else the start request's
-- Accept-Language; the OTP step picks its message's language variant by it. A BCP 47 tag,
-- null when the start named none. Valid on H2 and PostgreSQL alike.
alter table ww_flow add column locale varchar(64);
