"""RQ workers, their job functions and the scheduler of periodic jobs."""
