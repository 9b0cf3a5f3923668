"""The personal-information notice of the join page (个人信息保护法 第14、17条). Change the text, change the
version: each application records the version its applicant agreed to."""

from django.utils.translation import gettext_lazy as _

NOTICE_VERSION = "2026-12"

# (heading, text) pairs; the page shows them in order above the consent box.
NOTICE = (
    (_("收集哪些信息"), _("姓名、性别、公民身份号码（含由其得出的出生日期）、手机号、民族、学历、政治面貌、工作单位或部门、"
                    "用工形式、是否农民工，以及您同意本告知的时间；为防止滥用和安全审计，系统还会记录提交时的网络地址。")),
    (_("为什么收集"), _("仅用于办理入会：核对身份、确认您尚未在其他工会登记会籍、建立会员档案（会员名册）、向您告知审核结果，"
                   "以及依照工会章程统计会员情况。不用于其他目的。")),
    (_("谁能看到"), _("您所申请加入的工会及其上级工会中负责会员工作的干部；身份证号码和手机号对其他查看人员遮挡显示。"
                  "不向工会以外的任何单位或个人提供；确需提供时，另行征得您的单独同意。")),
    (_("保存多久"), _("批准后转入会员名册，作为会员档案保存；未批准的申请在审核满一年后由系统自动删除；"
                  "网络地址随操作记录保存不少于六个月（网络安全法第二十一条）。")),
    (_("您的权利"), _("您可以查阅、复制、更正您的信息，也可以撤回同意（撤回不影响撤回前已进行的处理）。"
                  "请联系所申请工会的办公室。")),
)
