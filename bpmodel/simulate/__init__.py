"""Simulation of a process: Monte Carlo without capacities, and a discrete-event simulation
of cases queueing for staff (numpy; imported only by the commands that simulate).

- :mod:`~bpmodel.simulate.distributions`: drawing durations from their ranges;
- :mod:`~bpmodel.simulate.montecarlo`: lead times of cases when no desk is busy;
- :mod:`~bpmodel.simulate.queueing`: lead times under load, queues and utilisation;
- :mod:`~bpmodel.simulate.summary`: percentiles, the share within the target, the steps
  that drive the tail, as a report;
- :mod:`~bpmodel.simulate.prosimos`: the scenario in Prosimos' format, to cross-check.
"""
