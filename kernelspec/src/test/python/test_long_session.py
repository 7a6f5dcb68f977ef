"""A long session must not cost more memory with every cell: what a cell leaves behind stays small and flat.

JShell keeps every snippet with the source it compiled, and that source imports every declaration alive
at the time: expressions used to leave temporary variables that every later snippet imported, and every
declared variable still is, so each cell cost more than the one before (issue 10). The live heap is read
after a full GC with jcmd.
"""
import re
import shutil
import subprocess
import unittest

from kernel_harness import SharedKernelTestCase

CELLS = 600
FIRST_MARK = 100
#: Measured: about 5 KB a cell with the fixes; without them 36 KB a cell of expressions over 600 cells, and
#: above 60 KB a cell of declarations by cell 1,000.
MAX_BYTES_PER_CELL = 20_000


def live_heap(pid):
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Total\s+\d+\s+(\d+)", out, re.M).group(1))


@unittest.skipUnless(shutil.which("jcmd"), "needs the JDK's jcmd")
class LongSessionTest(SharedKernelTestCase):

    def retained_per_cell(self, cell_code):
        marks = {}
        for i in range(1, CELLS + 1):
            result = self.kernel.execute(cell_code(i), timeout=60)
            self.assertEqual("ok", result.status, result.describe())
            if i in (FIRST_MARK, CELLS):
                marks[i] = live_heap(self.kernel.pid)
        per_cell = (marks[CELLS] - marks[FIRST_MARK]) / (CELLS - FIRST_MARK)
        print(f"\nretained per cell after cell {FIRST_MARK}: {per_cell / 1000:.1f} KB")
        return per_cell

    def test_plain_cells_retain_little_and_the_same_each(self):
        self.assertLess(self.retained_per_cell(lambda i: f"{i} + 1"), MAX_BYTES_PER_CELL)

    def test_cells_that_declare_a_variable_each_retain_little_and_the_same_each(self):
        self.assertLess(self.retained_per_cell(lambda i: f"int declared{i} = {i};"), MAX_BYTES_PER_CELL)


if __name__ == "__main__":
    unittest.main()
