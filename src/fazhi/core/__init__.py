"""fazhi.core: the pure domain core. It never imports Django or the rest of ``fazhi``.

Modules: ``calendar`` (working days), ``legaltime`` (statutory deadlines),
``coordination`` (joint-visit planning), ``draw`` (verifiable random draws),
``hashchain`` (tamper-evident logs), ``identifiers`` (USCC and other check
characters), ``workflow`` (transition tables).
"""
