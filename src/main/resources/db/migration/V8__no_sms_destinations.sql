-- Where a flow's SMS went has been kept in the OTP step's state since the delivery work of
-- December 2026; nothing has written this table since, and nothing reads it now.
drop table ww_sms_destination;
