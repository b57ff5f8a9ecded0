"""``tf.train``: optimizers, learning-rate schedules, moving averages and the global step."""
from .adadelta import AdadeltaOptimizer
from .adagrad import AdagradOptimizer
from .adam import AdamOptimizer
from .gradient_descent import GradientDescentOptimizer
from .momentum import MomentumOptimizer
from .optimizer import Optimizer
from .rmsprop import RMSPropOptimizer
from .learning_rate_decay import (cosine_decay, exponential_decay, inverse_time_decay,
                                  natural_exp_decay, piecewise_constant, polynomial_decay)
from .moving_averages import ExponentialMovingAverage
from .training_util import (create_global_step, get_global_step, get_or_create_global_step,
                            global_step)
from .checkpoint_management import (CheckpointReader, CheckpointState, NewCheckpointReader,
                                    checkpoint_exists, get_checkpoint_state, latest_checkpoint,
                                    list_variables, load_checkpoint, load_variable,
                                    remove_checkpoint, update_checkpoint_state)
from .basic_session_run_hooks import (CheckpointSaverHook, CheckpointSaverListener, FeedFnHook,
                                      LoggingTensorHook, NanLossDuringTrainingError,
                                      NanTensorHook, SecondOrStepTimer, StepCounterHook,
                                      StopAtStepHook)
from .coordinator import Coordinator
from .monitored_session import (ChiefSessionCreator, MonitoredSession, MonitoredTrainingSession,
                                Scaffold, SingularMonitoredSession, WorkerSessionCreator)
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues
from .saver import Saver, export_meta_graph, import_meta_graph
# i17a: the Example protos (tf.train.Example, ...), defined with the parsing ops
from ..ops.example_proto import (BytesList, Example, Feature, FeatureList,  # noqa: E402
                                 FeatureLists, Features, FloatList, Int64List, SequenceExample)
# i17b: queue runners and the queue-based input pipeline
from .queue_runner import QueueRunner, add_queue_runner, start_queue_runners  # noqa: E402
from .input import (batch, batch_join, input_producer, limit_epochs,  # noqa: E402
                    match_filenames_once, maybe_batch, maybe_batch_join, maybe_shuffle_batch,
                    maybe_shuffle_batch_join, range_input_producer, shuffle_batch,
                    shuffle_batch_join, slice_input_producer, string_input_producer)

__all__ = ["Optimizer", "GradientDescentOptimizer", "create_global_step", "get_global_step",
           "get_or_create_global_step", "global_step", "MomentumOptimizer", "AdamOptimizer",
           "RMSPropOptimizer", "AdagradOptimizer", "AdadeltaOptimizer", "cosine_decay",
           "exponential_decay", "inverse_time_decay", "natural_exp_decay", "piecewise_constant",
           "polynomial_decay", "ExponentialMovingAverage"]
__all__ += ["Saver", "export_meta_graph", "import_meta_graph", "CheckpointReader",  # checkpoints
            "CheckpointState", "NewCheckpointReader", "checkpoint_exists", "get_checkpoint_state",
            "latest_checkpoint", "list_variables", "load_checkpoint", "load_variable",
            "remove_checkpoint", "update_checkpoint_state", "CheckpointSaverHook",
            "CheckpointSaverListener", "ChiefSessionCreator", "Coordinator", "FeedFnHook",
            "LoggingTensorHook", "MonitoredSession", "MonitoredTrainingSession",
            "NanLossDuringTrainingError", "NanTensorHook", "Scaffold", "SecondOrStepTimer",
            "SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues",
            "SingularMonitoredSession", "StepCounterHook", "StopAtStepHook", "WorkerSessionCreator"]
__all__ += ["BytesList", "Example", "Feature", "FeatureList", "FeatureLists", "Features",
            "FloatList", "Int64List", "SequenceExample"]
__all__ += ["QueueRunner", "add_queue_runner", "start_queue_runners", "batch",  # i17b
            "batch_join", "input_producer", "limit_epochs", "match_filenames_once",
            "range_input_producer", "shuffle_batch", "shuffle_batch_join",
            "slice_input_producer", "string_input_producer", "maybe_batch",
            "maybe_batch_join", "maybe_shuffle_batch", "maybe_shuffle_batch_join"]

# issue 15 (i15b): the one error class a malformed or damaged meta graph file raises.
from .meta_graph_checks import MetaGraphError  # noqa: E402
__all__ += ["MetaGraphError"]

# issue 20 (i20b): TensorFlow GraphDef files (Graph.as_graph_def needs the exporter loaded).
from . import graph_def_export  # noqa: E402,F401
from .graph_util import write_graph  # noqa: E402
__all__ += ["write_graph"]

# issue 20 (i20b): the regularizing optimizers and the remaining cosine schedules.
from .proximal_optimizers import (AdagradDAOptimizer, FtrlOptimizer,  # noqa: E402
                                  ProximalAdagradOptimizer, ProximalGradientDescentOptimizer)
__all__ += ["AdagradDAOptimizer", "FtrlOptimizer", "ProximalAdagradOptimizer",
            "ProximalGradientDescentOptimizer"]
from .cosine_schedules import (cosine_decay_restarts, linear_cosine_decay,  # noqa: E402
                               noisy_linear_cosine_decay)
__all__ += ["cosine_decay_restarts", "linear_cosine_decay", "noisy_linear_cosine_decay"]

# issue 20 (i20i): object-based checkpoints, initializing from checkpoints, session managers
# and supervisors, the remaining hooks and loops.
from .checkpoint_object import Checkpoint, CheckpointManager, CheckpointOptions  # noqa: E402
from .checkpoint_utils import (VocabInfo, checkpoints_iterator,  # noqa: E402
                               generate_checkpoint_state_proto, get_checkpoint_mtimes,
                               init_from_checkpoint, warm_start)
__all__ += ["Checkpoint", "CheckpointManager", "CheckpointOptions", "VocabInfo",
            "checkpoints_iterator", "generate_checkpoint_state_proto", "get_checkpoint_mtimes",
            "init_from_checkpoint", "warm_start"]
from .monitored_session import SessionCreator  # noqa: E402
from .session_manager import SessionManager  # noqa: E402
from .looper import LooperThread  # noqa: E402
from .supervisor import Supervisor, basic_train_loop  # noqa: E402
__all__ += ["SessionCreator", "SessionManager", "LooperThread", "Supervisor", "basic_train_loop"]
from .hooks_extra import (FinalOpsHook, GlobalStepWaiterHook, ProfilerHook,  # noqa: E402
                          SummarySaverHook)
from .train_tail import (assert_global_step, do_quantize_training_on_graphdef,  # noqa: E402
                         piecewise_constant_decay, sdca_fprint, sdca_optimizer, sdca_shrink_l1,
                         summary_iterator)
__all__ += ["FinalOpsHook", "GlobalStepWaiterHook", "ProfilerHook", "SummarySaverHook",
            "assert_global_step", "do_quantize_training_on_graphdef", "piecewise_constant_decay",
            "sdca_fprint", "sdca_optimizer", "sdca_shrink_l1", "summary_iterator", "SaverDef"]


def __getattr__(name):
    """``tf.train.SaverDef``: TensorFlow's message, loaded with TensorBoard on first use."""
    if name == "SaverDef":
        from .train_tail import __getattr__ as proto_class
        return proto_class(name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
