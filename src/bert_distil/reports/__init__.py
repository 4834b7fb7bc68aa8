"""What the report shows: predictions, their analysis, the per-task summaries and every figure.

- `figures`: matplotlib without a display, figures written atomically (every figure goes through it)
- `predictions`: per-sentence predictions of the teacher or a student on dev and test
- `analysis`: mistakes, teacher-vs-student overlap, agreement, confidence (tables and figures)
- `score_analysis`: the same questions for a regression task: errors against gold and teacher, scatter plots
- `summary`: seeds aggregated; teacher vs students table and figure; the split a task reports
- `sweeps`: sweep points' score against size
- `transfer_sets`: students' score against the size and kind of their transfer set
"""
