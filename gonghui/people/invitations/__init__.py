"""会员账号: inviting members (accounts linked to their person, a first password on an invitation sheet)."""
