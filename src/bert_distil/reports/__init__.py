"""What the report shows: predictions, their analysis, the per-task summaries and every figure.

- `figures`: matplotlib without a display, figures written atomically (every figure goes through it)
- `predictions`: per-sentence predictions of the teacher or a student on dev and test
- `analysis`: mistakes, teacher-vs-student overlap, agreement, confidence (tables and figures)
- `score_analysis`: the same questions for a regression task: errors against gold and teacher, scatter plots
- `guard`: the teacher's dev margin over a gold-label student, and the warning when it is not positive
- `summary`: seeds aggregated; teacher vs students table and figure (with the guard); the split a task reports
- `teacher_grid`: the teacher grid's candidates, their dev scores and curves
- `sweeps`: sweep points' score against size
- `transfer_sets`: students' score against the size and kind of their transfer set
"""
