"""The paper's real-data experiments (claim family F): loaders, experiments, audit, bridge."""
