"""The demo data set behind `gonghui demo`: a 区总工会 with three 基层工会 and their people."""
