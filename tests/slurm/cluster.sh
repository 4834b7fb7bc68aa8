#!/usr/bin/env bash
# A one-node Slurm cluster for the tests, run by the tests' own processes (no systemd):
#   cluster.sh start STATE_DIR   install Debian's Slurm + munge if missing, write slurm.conf/gres.conf into
#                                STATE_DIR, start munged, slurmctld, slurmd; wait until the node is idle
#   cluster.sh stop STATE_DIR    stop the daemons started from STATE_DIR by their pid files
#   cluster.sh install           only install the packages (so that start-up can be timed on its own)
# Clients (sbatch, squeue) find the cluster through SLURM_CONF=STATE_DIR/slurm.conf. Needs root.
set -euo pipefail
action=${1:?start or stop}
state=$(realpath -m "${2:-/tmp/slurm-unused}")

# Daemons this script started, by any state directory: a re-used machine may still run an earlier test's.
registry=/tmp/bert-distil-slurm.pids

stop_registered() {
    [ -f "$registry" ] || return 0
    while read -r pid; do
        case "$(cat /proc/"$pid"/comm 2>/dev/null)" in slurmctld|slurmd) kill -9 "$pid" 2>/dev/null || true ;; esac
    done < "$registry"
    rm -f "$registry"
}

stop_daemons() {
    for name in slurmd slurmctld; do
        pidfile="$state/run/$name.pid"
        if [ -f "$pidfile" ]; then
            pid=$(cat "$pidfile")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$pidfile"
        fi
    done
}

install_packages() {
    if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
    fi
}

case "$action" in
    stop) stop_daemons; exit 0 ;;
    install) install_packages; exit 0 ;;
esac
install_packages
stop_daemons
stop_registered
rm -rf "$state"
mkdir -p "$state"/{run,log,ctld,spool}

# munge: one key for the machine (the package creates it), one daemon shared by all test runs.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    [ -f /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || create-munge-key -f; }
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge && chown munge:munge /run/munge /var/lib/munge /var/log/munge
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

host=$(hostname)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
cat > "$state/slurm.conf" <<CONF
ClusterName=testcluster
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/run/slurmctld.pid
SlurmdPidFile=$state/run/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
DefMemPerCPU=1000
# completed jobs stay visible to squeue -t all for the whole test run (300 s was too short on a busy machine)
MinJobAge=3600
ReturnToService=2
SlurmctldParameters=enable_configless
GresTypes=gpu
NodeName=$host CPUs=$cpus RealMemory=$mem Gres=gpu:1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# A declared GPU that schedules: without File= the node goes INVAL.
printf 'AutoDetect=off\nName=gpu File=/dev/null\n' > "$state/gres.conf"

export SLURM_CONF="$state/slurm.conf"
slurmctld -f "$SLURM_CONF"
# Configless slurmd: it caches the controller's config in /run/slurm/conf, where client commands on this
# node look when SLURM_CONF is unset (Snakemake's jobstep plugin unsets it before its nested srun).
for _ in $(seq 50); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
slurmd --conf-server "$host" -f "$SLURM_CONF"
for _ in $(seq 50); do [ -f "$state/run/slurmctld.pid" ] && [ -f "$state/run/slurmd.pid" ] && break; sleep 0.1; done
cat "$state"/run/*.pid >> "$registry" 2>/dev/null || true
for _ in $(seq 100); do
    [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && exit 0
    sleep 0.2
done
echo "slurm did not come up; logs:" >&2
tail -n 30 "$state"/log/*.log >&2
exit 1
