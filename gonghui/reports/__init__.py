"""Reports written from the indicator registry: the work summary (.docx) and the upper union's tables (.xlsx).

Every number in a report comes from :func:`gonghui.indicators.registry.compute`; the number formatting that
all reports share lives in :mod:`gonghui.indicators.formatting`.
"""
