"""studykit: spaced-repetition quizzes, a study site and a container-runtime lab."""

__version__ = "0.1.0"
